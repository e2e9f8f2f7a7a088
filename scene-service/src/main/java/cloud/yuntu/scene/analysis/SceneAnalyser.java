package cloud.yuntu.scene.analysis;

import cloud.yuntu.contracts.scene.SceneReport;
import cloud.yuntu.scene.ma.MayaAsciiParser;
import cloud.yuntu.scene.mb.MayaBinaryParser;
import cloud.yuntu.scene.parse.CountingInput;
import cloud.yuntu.scene.parse.ParseLimits;
import cloud.yuntu.scene.parse.SceneParseException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Analyses one scene in a single streaming pass: the format is sniffed from the first bytes
 * (not the name), the SHA-256 is computed from the same bytes the parser reads.
 */
public final class SceneAnalyser {

    /**
     * What the analysis reports for given bytes, as stored with each cached report: raise it when a
     * change makes the same bytes report differently, so that older reports are analysed again.
     * 1: before issue 7; 2: new-scene resolution by version, expanded image prefixes, texture nodes
     * Maya does not load, cleaned names, limits.
     */
    public static final int VERSION = 2;

    private final ParseLimits limits;
    private final AnalysisLimits analysisLimits;

    public SceneAnalyser(ParseLimits limits, AnalysisLimits analysisLimits) {
        this.limits = limits;
        this.analysisLimits = analysisLimits;
    }

    public SceneAnalyser(ParseLimits limits) {
        this(limits, AnalysisLimits.DEFAULT);
    }

    public SceneAnalyser() {
        this(ParseLimits.DEFAULT);
    }

    /**
     * The report as the catalog keeps it: {@code <Scene>} is still a token in the layers' image
     * prefixes (identical bytes may be uploaded under other names), no upload manifest applied.
     *
     * @throws SceneParseException when the bytes are not a readable Maya scene, or exceed the analysis' limits
     */
    public SceneReport analyseForCatalog(InputStream in, String name) {
        SceneReport report = ReportAssembler.capWarnings(UnsafeNames.clean(parse(in, name)), analysisLimits.maxWarnings());
        ReportSize.check(report, analysisLimits.maxReportBytes());
        return report;
    }

    /**
     * @param manifest the uploaded files to check dependencies against; null when unknown (no missing-file warnings)
     * @throws SceneParseException when the bytes are not a readable Maya scene
     */
    public SceneReport analyse(InputStream in, String name, UploadManifest manifest) {
        return MissingDependencies.check(ImagePrefixes.forScene(analyseForCatalog(in, name), name), manifest);
    }

    private SceneReport parse(InputStream in, String name) {
        MessageDigest sha256 = sha256();
        BufferedInputStream buffered = new BufferedInputStream(new DigestInputStream(in, sha256), 64 * 1024);
        String format = sniff(buffered);
        CountingInput input = new CountingInput(buffered);
        SceneFacts facts = new SceneFacts(analysisLimits);
        if (format.equals("mb")) {
            new MayaBinaryParser(limits).parse(input, facts);
        } else {
            new MayaAsciiParser(limits).parse(input, facts);
        }
        input.drain();
        long size = input.offset();
        String digest = HexFormat.of().formatHex(sha256.digest());
        return new ReportAssembler(facts, analysisLimits).assemble(name, format, size, digest);
    }

    private static String sniff(BufferedInputStream in) {
        try {
            in.mark(16);
            byte[] head = in.readNBytes(4);
            in.reset();
            String magic = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (magic.equals("FOR4") || magic.equals("FOR8")) {
                return "mb";
            }
            if (magic.startsWith("//")) {
                return "ma";
            }
            throw new SceneParseException("not-a-maya-file", "neither a Maya ASCII header (//Maya ASCII) nor an IFF FOR4/FOR8 header", 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
