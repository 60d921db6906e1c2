package io.tbmock.admin.internal.tbrest;

/** What ThingsBoard's REST upload of a package's data said of its file: a download over HTTP names it so. */
public record OtaFile(String fileName, String contentType) {
}
