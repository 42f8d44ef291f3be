package dev.leadrouter.store;

import dev.leadrouter.port.Placement;
import dev.leadrouter.port.Placements;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A placement as one TransactWriteItems: the lead (on its version), the released rep's {@code openLeads}
 * (only if above zero), the reserved rep's (as read, and when enforced below capacity) with its turn. At most
 * three items, far below the transaction's limit of 100.
 */
public final class DynamoPlacements implements Placements {
    private final LeadStore leads;
    private final RepStore reps;

    public DynamoPlacements(LeadStore leads, RepStore reps) {
        this.leads = leads;
        this.reps = reps;
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
            Placement.Reservation reserve = placement.reserve();
            writes.add(reps.reserve(reserve.rep(), reserve.capacityEnforced(), reserve.turn()));
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
