package io.tbmock.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A clone of the repository stands on its own: every reference in the code and the docs resolves (a cited
 * document exists, a cited section such as {@code docs/thingsboard-mqtt.md §4.3} is in it, a relative Markdown link
 * leads to a file), and no package registry's host is named, as a build takes the registries the machine is set
 * up with.
 */
class SelfContainedRepositoryTest {
    private static final Path ROOT = repositoryRoot();
    private static final Set<String> SOURCES = Set.of(".java", ".md", ".js", ".html", ".xml", ".yml", ".sh");
    private static final Pattern DOC = Pattern.compile("docs/([A-Za-z0-9-]+\\.(?:md|png))");
    private static final Pattern SECTION = Pattern.compile("docs/([A-Za-z0-9-]+\\.md) §(\\d+(?:\\.\\d+)?)");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(?:#[^)]*)?\\)");
    /** Package registries and mirrors: Debian's, Maven Central, npm, PyPI, Docker Hub. */
    private static final Pattern REGISTRY = Pattern.compile("deb\\.debian\\.org|security\\.debian\\.org|"
        + "repo1?\\.maven(?:\\.apache)?\\.org|registry\\.npmjs\\.org|pypi\\.org|files\\.pythonhosted\\.org|"
        + "registry-1\\.docker\\.io|index\\.docker\\.io");

    @Test
    void everyCitedDocumentAndSectionExists() {
        List<String> broken = new ArrayList<>();
        for (Path file : sources()) {
            String text = read(file);
            Matcher doc = DOC.matcher(text);
            while (doc.find()) {
                if (!Files.exists(ROOT.resolve("docs").resolve(doc.group(1)))) {
                    broken.add(ROOT.relativize(file) + ": " + doc.group());
                }
            }
            Matcher section = SECTION.matcher(text);
            while (section.find()) {
                Path cited = ROOT.resolve("docs").resolve(section.group(1));
                if (Files.exists(cited) && !hasSection(read(cited), section.group(2))) {
                    broken.add(ROOT.relativize(file) + ": " + section.group());
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void everyRelativeLinkInTheDocsLeadsToAFile() {
        List<String> broken = new ArrayList<>();
        for (Path file : sources()) {
            if (!file.toString().endsWith(".md")) {
                continue;
            }
            Matcher link = LINK.matcher(read(file));
            while (link.find()) {
                String target = link.group(1);
                if (!target.contains("://") && !target.startsWith("mailto:")
                    && !Files.exists(file.getParent().resolve(target))) {
                    broken.add(ROOT.relativize(file) + ": " + target);
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void noPackageRegistryIsNamed() {
        List<String> named = new ArrayList<>();
        for (Path file : sources(true)) {
            Matcher registry = REGISTRY.matcher(readAnyBytes(file));
            while (registry.find()) {
                named.add(ROOT.relativize(file) + ": " + registry.group());
            }
        }
        assertEquals(List.of(), named);
    }

    /** A heading or numbered paragraph of that number: {@code ## 4. …}, {@code ### 4.3 …} or {@code 4.3. …}. */
    private static boolean hasSection(String document, String number) {
        return Pattern.compile("(?m)^(?:#{2,3} )?" + Pattern.quote(number) + "[. ]").matcher(document).find();
    }

    private static List<Path> sources() {
        return sources(false);
    }

    /** The repository's text files; with {@code everyKind}, scripts and build files of any name too. */
    private static List<Path> sources(boolean everyKind) {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile)
                .filter(file -> everyKind ? !file.toString().endsWith(".png") && !file.toString().endsWith(".jar")
                    : SOURCES.stream().anyMatch(file.toString()::endsWith))
                .filter(file -> !ROOT.relativize(file).toString().matches("(?:.*/)?(?:target|node_modules|\\.git)/.*"))
                .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of any encoding, or none: a host name is ASCII whatever surrounds it. */
    private static String readAnyBytes(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder above this module: the repository's root, where docs/ is. */
    private static Path repositoryRoot() {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isDirectory(root.resolve("docs")), "no docs/ beside " + Path.of("").toAbsolutePath());
        return root;
    }
}
