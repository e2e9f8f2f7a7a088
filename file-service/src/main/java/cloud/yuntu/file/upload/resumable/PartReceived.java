package cloud.yuntu.file.upload.resumable;

/** A part the server holds whole: its number, length and MD5 (32 lowercase hex digits). */
public record PartReceived(int partNumber, long size, String md5) {
}
