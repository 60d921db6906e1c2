package io.tbmock.server.model;

/**
 * An uploaded firmware or software package.
 *
 * @param id                its id
 * @param title             what devices see as {@code fw_title}
 * @param version           what devices see as {@code fw_version}
 * @param type              firmware or software
 * @param tag               optional tag ({@code fw_tag}), or null
 * @param url               for a package hosted elsewhere: its URL ({@code fw_url}); null for a binary package
 * @param size              the binary's size in bytes; null for a URL package without one
 * @param checksum          the checksum devices verify, computed as ThingsBoard prints it or given as is
 * @param checksumAlgorithm the algorithm of {@code checksum}; null for a URL package without one
 */
public record OtaPackage(String id, String title, String version, OtaPackageType type, String tag, String url,
                         Long size, String checksum, ChecksumAlgorithm checksumAlgorithm) {

    public boolean hasUrl() {
        return url != null;
    }
}
