package io.tbmock.certs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a private key's PEM where only its owner can read it (mode 0600), as ssh-keygen and openssl do, on
 * file systems with POSIX permissions; elsewhere the file gets the system's defaults.
 */
public final class PrivateKeyFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PrivateKeyFile() {
    }

    /** Creates or replaces {@code file}; it is never readable by others, not even for a moment. */
    public static void write(Path file, String pem) throws IOException {
        boolean posix = Files.getFileStore(parentOf(file)).supportsFileAttributeView("posix");
        if (posix) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException replacing) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        }
        Files.writeString(file, pem);
    }

    private static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? file.toAbsolutePath() : parent;
    }
}
