package dev.leadrouter.store;

import dev.leadrouter.port.Placement;
import dev.leadrouter.port.Placements;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A placement as one TransactWriteItems: the lead (on its version), the released rep's {@code openLeads}
 * (only if above zero), the reserved rep's (active, and when enforced still as read and below capacity) and
 * the team's turn state (on its version). At most four items, far below the transaction's limit of 100.
 */
public final class DynamoPlacements implements Placements {
    private final LeadStore leads;
    private final RepStore reps;
    private final TeamStateStore teamStates;

    public DynamoPlacements(LeadStore leads, RepStore reps, TeamStateStore teamStates) {
        this.leads = leads;
        this.reps = reps;
        this.teamStates = teamStates;
    }

    @Override
    public Commit commit(Placement placement) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(leads.putLead(placement.lead()));
        int releaseAt = -1;
        int reserveAt = -1;
        if (placement.releaseRepId() != null) {
            releaseAt = writes.size();
            writes.add(reps.release(placement.releaseRepId()));
        }
        if (placement.reserve() != null) {
            reserveAt = writes.size();
            writes.add(reps.reserve(placement.reserve().rep(), placement.reserve().capacityEnforced()));
        }
        if (placement.turn() != null) {
            Placement.TeamTurn turn = placement.turn();
            writes.add(teamStates.put(turn.team(), turn.previousVersion(), turn.next()));
        }
        LeadStore.TransactionResult result = leads.transact(writes);
        if (result.committed()) {
            placement.lead().version++;
            return new Committed();
        }
        if (result.failedIndex() < 0) {
            return new Contended();
        }
        if (result.failedIndex() == reserveAt) {
            return new RepChanged(RepStore.found(result.found()));
        }
        return result.failedIndex() == releaseAt ? new NothingToRelease() : new LostRace();
    }
}
