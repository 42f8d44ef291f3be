package dev.leadrouter.pipelinebench;

import dev.leadrouter.json.Json;
import dev.leadrouter.local.LocalStack;
import dev.leadrouter.store.LeadStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The scale scenarios of the project's targets that need more than leads at a rate: the same leads with a
 * 20-rep and a 2,000-rep org, a 5,000-rep team, and large duplicate submissions to the public form.
 */
final class TargetScenarios {
    /** The org-size scenario's rate: slow enough that nothing queues, so p50 is the cost of one lead. */
    static final double ORG_SIZE_RATE = 5;
    static final int LARGE_ORG_REPS = 2000;
    static final int BIG_TEAM_REPS = 5000;
    static final int DUPLICATE_BYTES = 30_000;
    private static final double BIG_TEAM_RATE = 5;

    /** p50 per lead with the base org and after it grew to {@code largeReps} reps (idle teams added). */
    record OrgSize(int smallReps, int largeReps, PipelineBench.PhaseFigures small, PipelineBench.PhaseFigures large) {
        double ratio() {
            return large.speedToLead().median() / small.speedToLead().median();
        }
    }

    /** Leads routed to a team of {@code teamReps}: how many it assigned and the largest lead item's size. */
    record BigTeam(int teamReps, PipelineBench.PhaseFigures phase, int assignedInTeam, long largestItemBytes) {
    }

    /**
     * One lead posted, then {@code posts} duplicates of {@code bodyBytes} each: the answers by status, and the
     * lead afterwards (its item's size, its touchpoints, what GET /leads/{id} answered).
     */
    record Duplicates(int posts, int bodyBytes, int firstStatus, Map<Integer, Integer> answers, long itemBytes,
                      int storedTouchpoints, int readStatus, boolean sameLead) {
        int answered200() {
            return answers.getOrDefault(200, 0);
        }

        /** A duplicate that got a 2xx but whose lead cannot be read is a lead lost. */
        int lost() {
            return readStatus == 200 && sameLead ? 0 : 1;
        }
    }

    private final LocalStack stack;
    private final BenchOrg org;
    private final PipelineBench pipeline;
    private final HttpClient http;

    TargetScenarios(LocalStack stack, BenchOrg org, PipelineBench pipeline, HttpClient http) {
        this.stack = stack;
        this.org = org;
        this.pipeline = pipeline;
        this.http = http;
    }

    /** {@code leads} at 5/s with the base org: the first half of the org-size scenario. */
    PipelineBench.PhaseFigures orgSizeSmall(int leads) {
        return pipeline.run(new PipelineBench.Phase("org of " + org.reps().size() + " reps", leads, ORG_SIZE_RATE, 16));
    }

    /** The org grown by idle teams to 2,000 reps, then {@code leads} at 5/s again, compared with {@code smallFigures}. */
    OrgSize orgSize(PipelineBench.PhaseFigures smallFigures, int leads) {
        int small = org.reps().size();
        BenchOrg.addReps(stack.dynamoDb(), stack.config(), org.idleReps(0, LARGE_ORG_REPS - small));
        awaitRepsSeen();
        PipelineBench.PhaseFigures largeFigures = pipeline.run(
                new PipelineBench.Phase("org of " + LARGE_ORG_REPS + " reps", leads, ORG_SIZE_RATE, 16));
        return new OrgSize(small, LARGE_ORG_REPS, smallFigures, largeFigures);
    }

    /** A 5,000-rep team added, then {@code leads} routed to it: each must be assigned in it with a small item. */
    BigTeam bigTeam(int leads) {
        BenchOrg.addReps(stack.dynamoDb(), stack.config(), org.bigTeamReps(BIG_TEAM_REPS));
        awaitRepsSeen();
        PipelineBench.Run run = pipeline.run(new PipelineBench.Phase(BIG_TEAM_REPS + "-rep team", leads, BIG_TEAM_RATE, 16),
                org::bigTeamLeadBody);
        LeadStore leadStore = new LeadStore(stack.dynamoDb(), stack.config().leadsTable());
        int inTeam = 0;
        long largest = 0;
        for (LoadDriver.Submission submission : run.sent()) {
            if (!submission.accepted()) {
                continue;
            }
            Map<String, AttributeValue> item = leadStore.getItem(submission.leadId()).orElse(Map.of());
            largest = Math.max(largest, ItemSize.of(item));
            AttributeValue assignment = item.get("assignment");
            boolean assigned = item.containsKey("status") && "ASSIGNED".equals(item.get("status").s())
                    && assignment != null && assignment.hasM() && assignment.m().containsKey("team")
                    && BenchOrg.BIG_TEAM.equals(assignment.m().get("team").s());
            inTeam += assigned ? 1 : 0;
        }
        return new BigTeam(BIG_TEAM_REPS, run.figures(), inTeam, largest);
    }

    /** The lead of one email posted once, then {@code posts} times more, each form about 30 KB, one after another. */
    Duplicates duplicates(int posts) {
        String body = org.duplicateBody(DUPLICATE_BYTES);
        Answer first = post(body);
        Map<Integer, Integer> answers = new TreeMap<>();
        boolean sameLead = first.leadId() != null;
        for (int i = 0; i < posts; i++) {
            Answer answer = post(body);
            answers.merge(answer.status(), 1, Integer::sum);
            sameLead &= first.leadId() != null && first.leadId().equals(answer.leadId());
        }
        pipeline.awaitSettled(Duration.ofSeconds(60));
        int readStatus = -1;
        long itemBytes = 0;
        int touchpoints = 0;
        if (first.leadId() != null) {
            readStatus = get("/leads/" + first.leadId());
            Map<String, AttributeValue> item = new LeadStore(stack.dynamoDb(), stack.config().leadsTable())
                    .getItem(first.leadId()).orElse(Map.of());
            itemBytes = ItemSize.of(item);
            AttributeValue stored = item.get("touchpoints");
            touchpoints = stored != null && stored.hasL() ? stored.l().size() : 0;
        }
        return new Duplicates(posts, body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, first.status(),
                answers, itemBytes, touchpoints, readStatus, sameLead);
    }

    /** Reps added are seen by the functions once their cache of reps has expired, as an ops edit would be. */
    private void awaitRepsSeen() {
        try {
            Thread.sleep(stack.config().rulesCacheTtl().plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private record Answer(int status, String leadId) {
    }

    private Answer post(String body) {
        HttpRequest request = HttpRequest.newBuilder(stack.apiUrl().resolve("/leads")).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            var id = response.statusCode() / 100 == 2 ? Json.parse(response.body()).path("leadId") : null;
            return new Answer(response.statusCode(), id != null && id.isTextual() ? id.asText() : null);
        } catch (IOException e) {
            return new Answer(-1, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private int get(String path) {
        URI uri = stack.apiUrl().resolve(path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + stack.apiToken()).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static List<PipelineBench.PhaseFigures> phasesOf(OrgSize orgSize, BigTeam bigTeam) {
        List<PipelineBench.PhaseFigures> phases = new java.util.ArrayList<>();
        if (orgSize != null) {
            phases.add(orgSize.small());
            phases.add(orgSize.large());
        }
        if (bigTeam != null) {
            phases.add(bigTeam.phase());
        }
        return phases;
    }
}
