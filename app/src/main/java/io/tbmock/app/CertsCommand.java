package io.tbmock.app;

import io.tbmock.certs.CertificateAuthority;
import io.tbmock.certs.CertificateRequest;
import io.tbmock.certs.Credential;
import io.tbmock.certs.KeyType;
import io.tbmock.certs.PemException;
import io.tbmock.certs.PrivateKeyFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code java -jar tbmock.jar certs --out DIR [--device NAME]… [--san NAME]… [--rsa]}: writes a CA, a server
 * certificate and client certificates (CN = device name) to a folder, so a device under test can be
 * flashed with them before the mock runs. Start the mock with {@code --state-dir DIR} to serve with that CA.
 * An existing CA in the folder is reused.
 */
@Command(name = "certs", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    description = "Write a development CA, a server certificate and device certificates (PEM) to a folder.")
final class CertsCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", required = true,
        description = "Folder to write into; use it as --state-dir so the server keeps this CA.")
    Path out;

    @Option(names = "--device", paramLabel = "NAME",
        description = "A device to write NAME.pem and NAME.key for (CN = NAME); repeatable.")
    List<String> devices = new ArrayList<>();

    @Option(names = "--san", paramLabel = "NAME", split = ",",
        description = "Extra DNS name or IP address for server.pem, besides localhost, 127.0.0.1 and ::1.")
    List<String> sans = new ArrayList<>();

    @Option(names = "--rsa", description = "RSA 2048 keys for the device certificates instead of EC P-256.")
    boolean rsa;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        Files.createDirectories(out);
        CertificateAuthority ca;
        Path caCertificate = out.resolve("ca.pem");
        Path caKey = out.resolve("ca.key");
        try {
            if (Files.exists(caCertificate) && Files.exists(caKey)) {
                ca = CertificateAuthority.load(Files.readString(caCertificate), Files.readString(caKey));
                stdout.println("using the CA in " + caCertificate);
            } else {
                ca = CertificateAuthority.create("tbmock development CA");
                write(stdout, caCertificate, ca.certificatePem());
                writeKey(stdout, caKey, ca.credential().privateKeyPem());
            }
        } catch (PemException e) {
            spec.commandLine().getErr().println("tbmock certs: the CA in " + out + " cannot be read: " + e.getMessage());
            return TbMockCommand.EXIT_CANNOT_START;
        }
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        sans.stream().filter(san -> !san.isBlank()).forEach(names::add);
        Credential server = ca.serverCertificate(List.copyOf(names));
        write(stdout, out.resolve("server.pem"), server.chainPem() + ca.certificatePem());
        writeKey(stdout, out.resolve("server.key"), server.privateKeyPem());
        for (String device : devices) {
            Credential client = ca.issue(CertificateRequest.client(device).keyType(rsa ? KeyType.RSA_2048 : KeyType.EC_P256));
            write(stdout, out.resolve(device + ".pem"), client.certificatePem());
            writeKey(stdout, out.resolve(device + ".key"), client.privateKeyPem());
        }
        stdout.flush();
        return 0;
    }

    private static void write(PrintWriter stdout, Path file, String pem) throws IOException {
        Files.writeString(file, pem);
        stdout.println("wrote " + file);
    }

    /** A private key, readable by its owner only (0600). */
    private static void writeKey(PrintWriter stdout, Path file, String pem) throws IOException {
        PrivateKeyFile.write(file, pem);
        stdout.println("wrote " + file);
    }
}
