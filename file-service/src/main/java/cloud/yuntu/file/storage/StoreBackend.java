package cloud.yuntu.file.storage;

/** One backend holds both the objects and the parts of multipart uploads, so that joined parts are committed in place. */
public interface StoreBackend extends ObjectStore, MultipartStore {
}
