package io.tbmock.server.model;

import java.util.Objects;

/**
 * What to upload: {@code NewOtaPackage.firmware("fw", "1.1")}, then the bytes. The checksum is computed with
 * {@code checksumAlgorithm} (SHA256 unless chosen) unless one is given; a deliberately wrong one may be given
 * to test a device's verification.
 */
public record NewOtaPackage(String title, String version, OtaPackageType type, String tag, String url,
                            ChecksumAlgorithm checksumAlgorithm, String checksum) {

    public static NewOtaPackage firmware(String title, String version) {
        return new NewOtaPackage(title, version, OtaPackageType.FIRMWARE, null, null, ChecksumAlgorithm.SHA256, null);
    }

    public static NewOtaPackage software(String title, String version) {
        return new NewOtaPackage(title, version, OtaPackageType.SOFTWARE, null, null, ChecksumAlgorithm.SHA256, null);
    }

    public NewOtaPackage type(OtaPackageType type) {
        return new NewOtaPackage(title, version, Objects.requireNonNull(type), tag, url, checksumAlgorithm, checksum);
    }

    public NewOtaPackage tag(String tag) {
        return new NewOtaPackage(title, version, type, tag, url, checksumAlgorithm, checksum);
    }

    /** A package hosted at a URL: devices are told where, there are no chunks to download. */
    public NewOtaPackage url(String url) {
        return new NewOtaPackage(title, version, type, tag, url, checksumAlgorithm, checksum);
    }

    public NewOtaPackage checksumAlgorithm(ChecksumAlgorithm algorithm) {
        return new NewOtaPackage(title, version, type, tag, url, algorithm, checksum);
    }

    /** Keep this checksum as it is instead of computing one. */
    public NewOtaPackage checksum(String checksum) {
        return new NewOtaPackage(title, version, type, tag, url, checksumAlgorithm, checksum);
    }
}
