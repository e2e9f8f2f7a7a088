package cloud.yuntu.file.upload.resumable;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** Hibernate Reactive from the worker threads uploads run on: each call one transaction, awaited. */
final class BlockingDb {

    private BlockingDb() {
    }

    static <T> T inTransaction(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
