package dev.leadrouter.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.leadrouter.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated requests against the shared stack's real HTTP entry point: random methods and paths, content
 * types, header sets, and bodies (random JSON, mutated valid leads and webhook payloads, random bytes, huge
 * strings, deep nesting). None may get a 5xx or see an internal error in the answer; afterwards the stack
 * is still healthy and routes a lead. Valid leads the fuzzer happens to make are COLD, so they take no rep.
 */
@Tag("soak")
class HttpFuzzTest {
    /** jqwik runs no Jupiter extension: the run's shared stack is taken from TestStack itself. */
    private static LocalStack stack;
    private static ApiClient api;

    @BeforeContainer
    static void sharedStack() {
        stack = TestStack.stack();
        api = ApiClient.of(stack);
    }

    private static final List<String> INTERNALS = List.of("Exception", "at dev.", "java.");
    private static final List<String> LEAD_FIELDS = List.of("email", "phone", "firstName", "lastName", "company",
            "title", "country", "region", "city", "employees", "annualRevenue", "industry", "product", "language",
            "source", "campaign", "message", "externalId", "attributes");
    /** Every webhook sample gets this address: however often they are sent, they make at most a lead or two. */
    private static final String WEBHOOK_EMAIL = TestLeads.uniqueEmail("fuzz-webhook", "gmail.com");
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final Map<Integer, LongAdder> STATUSES = new ConcurrentHashMap<>();

    record FuzzRequest(String method, String path, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return method + " " + path + " " + headers + " body(" + body.length + " bytes): "
                    + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    @Property(tries = 3_000, shrinking = ShrinkingMode.BOUNDED)
    void noRequestGetsA5xxOrSeesInternals(@ForAll("requests") FuzzRequest request) {
        HttpResponse<String> response = send(request);

        STATUSES.computeIfAbsent(response.statusCode(), status -> new LongAdder()).increment();
        assertTrue(response.statusCode() < 500, () -> response.statusCode() + " " + response.body());
        for (String internal : INTERNALS) {
            assertFalse(response.body().contains(internal), () -> "'" + internal + "' in " + response.body());
        }
    }

    @AfterContainer
    static void theStackIsStillHealthyAndRoutesALead() {
        System.out.println("HttpFuzzTest statuses: " + new TreeMap<>(STATUSES));
        HttpResponse<String> health = api.get("/health");
        assertEquals(200, health.statusCode(), health.body());
        HttpResponse<String> lead = api.post("/leads",
                TestLeads.warmLead(TestLeads.uniqueEmail("after-fuzz", "souza-logistica.com.br")).toString());
        assertEquals(202, lead.statusCode(), lead.body());
        api.awaitStatus(TestLeads.leadId(lead), "ASSIGNED", Duration.ofSeconds(30));
    }

    @Provide
    Arbitrary<FuzzRequest> requests() {
        Arbitrary<String> methods = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just("POST")), Tuple.of(3, Arbitraries.just("GET")),
                Tuple.of(1, Arbitraries.of("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD")));
        return Combinators.combine(methods, paths(), headers(), bodies()).as(FuzzRequest::new);
    }

    private static Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_.~").ofMaxLength(40),
                Arbitraries.of("%00", "%2F", "%E2%82%AC", "..", "%25", UUID.randomUUID().toString()));
        Arbitrary<String> query = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789=&._").ofMaxLength(60), segment);
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just("/leads")),
                Tuple.of(2, Arbitraries.of("/webhooks/hubspot", "/webhooks/google-ads", "/webhooks/meta")),
                Tuple.of(1, query.map(q -> "/webhooks/meta?" + q)),
                Tuple.of(1, Arbitraries.of("/webhooks/meta?hub.mode=subscribe&hub.verify_token=" + TestStack.META_VERIFY_TOKEN
                        + "&hub.challenge=", "/webhooks/meta?hub.mode=subscribe&hub.challenge=1")),
                Tuple.of(2, segment.map(id -> "/leads/" + id)),
                Tuple.of(1, segment.map(id -> "/leads/" + id + "/close")),
                Tuple.of(1, segment.map(id -> "/leads/" + id + "/accept")),
                Tuple.of(1, Arbitraries.of("/health", "/routing/simulate", "/rules/validation", "/stats", "/leads/",
                        "//leads", "/LEADS")),
                Tuple.of(1, segment.map(s -> "/" + s)));
    }

    private static Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> printable = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(80);
        Arbitrary<String> contentType = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just("application/json")),
                Tuple.of(4, Arbitraries.of("application/json; charset=utf-8", "APPLICATION/JSON",
                        "application/vnd.api+json", "application/json;;;", "text/plain", "text/html",
                        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
                        "json", "*/*", "application/")),
                Tuple.of(1, printable));
        Arbitrary<String> idempotencyKey = Arbitraries.oneOf(
                Arbitraries.create(() -> UUID.randomUUID().toString()),
                printable,
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(190).ofMaxLength(400));
        Arbitrary<String> authorization = Arbitraries.oneOf(
                Arbitraries.just("Bearer " + TestStack.API_TOKEN),
                printable.map(token -> "Bearer " + token),
                printable);
        Arbitrary<String> signature = Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).map(hex -> "sha256=" + hex),
                printable);
        Arbitrary<String> extraName = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz-").ofMinLength(1)
                .ofMaxLength(20).map(name -> "x-fuzz-" + name);
        return Combinators.combine(
                contentType.optional(0.9), idempotencyKey.optional(0.3), authorization.optional(0.2),
                signature.optional(0.15), Arbitraries.maps(extraName, printable).ofMaxSize(3)
        ).as((type, key, auth, sig, extra) -> {
            Map<String, String> headers = new LinkedHashMap<>(extra);
            type.ifPresent(value -> headers.put("content-type", value));
            key.ifPresent(value -> headers.put("idempotency-key", value));
            auth.ifPresent(value -> headers.put("authorization", value));
            sig.ifPresent(value -> headers.put("x-hub-signature-256", value));
            return headers;
        });
    }

    private static Arbitrary<byte[]> bodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, mutated(validLeads()).map(HttpFuzzTest::utf8)),
                Tuple.of(4, json(3).map(HttpFuzzTest::utf8)),
                Tuple.of(2, mutated(webhookPayloads()).map(HttpFuzzTest::utf8)),
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(2000)),
                Tuple.of(1, hugeStrings()),
                Tuple.of(1, deepNesting()),
                Tuple.of(1, Arbitraries.of("", " ", "null", "0", "\"lead\"", "[]", "{}", "{\"email\":null}")
                        .map(text -> text.getBytes(StandardCharsets.UTF_8))));
    }

    /** COLD leads with an address no other lead has: valid until mutated. */
    private static Arbitrary<ObjectNode> validLeads() {
        return Arbitraries.longs().map(id -> TestLeads.coldLead("fuzz-" + Long.toHexString(id) + "@gmail.com"));
    }

    private static Arbitrary<ObjectNode> webhookPayloads() {
        Arbitrary<ObjectNode> googleAds = Arbitraries.of(true, false).map(withKey -> {
            ObjectNode payload = payload("google-ads-lead.json", "marie.dubois@photonique.fr");
            if (withKey) {
                payload.put("google_key", TestStack.GOOGLE_ADS_KEY);
            }
            return payload;
        });
        return Arbitraries.oneOf(googleAds,
                Arbitraries.create(() -> payload("hubspot-form.json", "Jane.Doe@Acme-Analytics.de")),
                Arbitraries.create(() -> payload("meta-leadgen-notification.json", null)));
    }

    /** {@code base} with up to three fields removed, replaced or added. */
    private static Arbitrary<ObjectNode> mutated(Arbitrary<ObjectNode> base) {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(LEAD_FIELDS), strings());
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.of(MutationKind.values()), key, json(2))
                .as(Mutation::new);
        return Combinators.combine(base, mutation.list().ofMaxSize(3)).as((lead, mutations) -> {
            ObjectNode copy = lead.deepCopy();
            mutations.forEach(m -> m.applyTo(copy));
            return copy;
        });
    }

    enum MutationKind { REMOVE, REMOVE_ANY, SET }

    record Mutation(MutationKind kind, String key, JsonNode value) {
        void applyTo(ObjectNode lead) {
            switch (kind) {
                case REMOVE -> lead.remove(key);
                case REMOVE_ANY -> {
                    Iterator<String> names = lead.fieldNames();
                    if (names.hasNext()) {
                        lead.remove(names.next());
                    }
                }
                case SET -> lead.set(key, value);
            }
        }
    }

    private static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.of("", " ", "null", "NaN", "-1", "1e999", "DE", "Germany", "WEB_FORM", "a@b", "@",
                        "x@gmail.com", "+49", "+49 30 1234567", "<script>alert(1)</script>", "' OR '1'='1",
                        "\u0000", "\uD83D\uDE00", "\u202Eevil", "%00", "${jndi:ldap://x}"));
    }

    /** Random JSON values, nested at most {@code depth} levels. */
    private static Arbitrary<JsonNode> json(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                strings().map(TextNode::valueOf),
                Arbitraries.longs().map(LongNode::valueOf),
                Arbitraries.doubles().map(DoubleNode::valueOf),
                Arbitraries.bigDecimals().ofScale(3).map(DecimalNode::valueOf),
                Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1e-400"), new BigDecimal("99999999999999999999999"))
                        .map(DecimalNode::valueOf),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.instance));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> inner = json(depth - 1);
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(LEAD_FIELDS), strings());
        return Arbitraries.frequencyOf(
                Tuple.of(4, leaf),
                Tuple.of(1, inner.list().ofMaxSize(5).map(values -> {
                    ArrayNode array = Json.MAPPER.createArrayNode();
                    values.forEach(array::add);
                    return array;
                })),
                Tuple.of(2, Arbitraries.maps(key, inner).ofMaxSize(8).map(fields -> {
                    ObjectNode object = Json.object();
                    fields.forEach(object::set);
                    return object;
                })));
    }

    /** A lead with one field around and beyond the 32 KiB limit, up to past the local API's 1 MiB. */
    private static Arbitrary<byte[]> hugeStrings() {
        return Combinators.combine(Arbitraries.of(LEAD_FIELDS),
                        Arbitraries.of(1_000, 32 * 1024 - 200, 32 * 1024, 40_000, 300_000, 1_100_000))
                .as((field, size) -> {
                    ObjectNode lead = TestLeads.coldLead(TestLeads.uniqueEmail("fuzz-huge", "gmail.com"));
                    lead.put(field, "x".repeat(size));
                    return utf8(lead);
                });
    }

    private static Arbitrary<byte[]> deepNesting() {
        return Combinators.combine(Arbitraries.of(10, 100, 999, 1000, 1001, 5000, 20_000), Arbitraries.of(true, false))
                .as((depth, arrays) -> {
                    String open = arrays ? "[" : "{\"attributes\":";
                    String close = arrays ? "]" : "}";
                    String innermost = arrays ? "" : "{}";
                    return (open.repeat(depth) + innermost + close.repeat(depth)).getBytes(StandardCharsets.UTF_8);
                });
    }

    private static ObjectNode payload(String name, String email) {
        try {
            String text = Files.readString(Path.of("../events/payloads", name));
            return (ObjectNode) Json.parse(email == null ? text : text.replace(email, WEBHOOK_EMAIL));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] utf8(JsonNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(FuzzRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(stack.apiUrl() + request.path()))
                .timeout(Duration.ofSeconds(30))
                .method(request.method(), request.method().equals("HEAD") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::setHeader);
        try {
            try {
                return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException staleConnection) {
                // A pooled keep-alive connection the server closed just before it was reused yields no
                // bytes at all; any HTTP client sends again on a fresh connection, and so does this one.
                return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
