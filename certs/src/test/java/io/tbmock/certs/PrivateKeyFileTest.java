package io.tbmock.certs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PrivateKeyFileTest {

    @Test
    void aKeyIsReadableByItsOwnerOnlyWhetherNewOrReplaced(@TempDir Path dir) throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions");
        Path fresh = dir.resolve("new.key");
        PrivateKeyFile.write(fresh, "first");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));

        Path existing = Files.writeString(dir.resolve("old.key"), "readable by all");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateKeyFile.write(existing, "second");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)));
        assertEquals("second", Files.readString(existing));
    }
}
