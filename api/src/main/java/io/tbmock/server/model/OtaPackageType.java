package io.tbmock.server.model;

/** Firmware or software, with the prefix of their attribute keys and topics ({@code fw_…}, {@code v2/fw/…}). */
public enum OtaPackageType {
    FIRMWARE("fw"),
    SOFTWARE("sw");

    private final String prefix;

    OtaPackageType(String prefix) {
        this.prefix = prefix;
    }

    /** {@code fw} or {@code sw}. */
    public String prefix() {
        return prefix;
    }
}
