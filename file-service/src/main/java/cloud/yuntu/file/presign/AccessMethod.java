package cloud.yuntu.file.presign;

/** What a presigned URL allows: download or upload of one key. */
public enum AccessMethod {
    GET,
    PUT
}
