package dev.leadrouter.qualification;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.leadrouter.aws.AwsPorts;
import dev.leadrouter.config.Config;
import dev.leadrouter.handoff.HandOffConfig;
import dev.leadrouter.lambda.SqsBatch;
import dev.leadrouter.rules.RulesCache;
import java.time.Clock;

/** Consumes the qualification queue: scores each lead and sends it on to routing or nurture. */
public class QualificationHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final LeadQualification qualification;
    private final SqsBatch batch;

    public QualificationHandler() {
        this(AwsPorts.fromEnvironment(), Config.fromEnv(), Clock.systemUTC());
    }

    /** The batch's messages to routing and nurture go out together when it is done (SendMessageBatch). */
    public QualificationHandler(AwsPorts ports, Config config, Clock clock) {
        this.batch = ports.batchingSends(config.qualificationDlqUrl());
        this.qualification = new LeadQualification(ports.leads(config),
                new RulesCache(ports.rules(config)::all, config.rulesCacheTtl(), clock),
                ports.publisher(config, HandOffConfig.OFF, batch), config, clock);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, message -> qualification.qualify(message.getBody()));
    }
}
