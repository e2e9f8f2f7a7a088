package cloud.yuntu.task.lifecycle;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param page the page's number, from 0
 * @param size the most items a page holds (the request's size)
 * @param total items over all pages
 */
public record Page<T>(List<T> items, long total, int page, int size) {

    public Page {
        items = List.copyOf(items);
    }
}
