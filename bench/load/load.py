#!/usr/bin/env python3
"""Independent load run against a running Lead Router stack, outside the JVM (Python standard library only).

Posts leads open loop at a given rate to POST /leads, then reads each lead's outcome through the API
(GET /leads/{leadId} with the ops token the stack prints) and reports the achieved rate, speed-to-lead
percentiles and the leads lost or assigned twice. Assigned leads are closed once read (as reps would close
them), so that the sample org's capacities do not fill up during a long run; --no-close leaves them.

    java -jar local/target/lead-router-local.jar          # prints the API URL and token
    python3 bench/load/load.py --token=TOKEN --rate 50 --leads 1000

Speed-to-lead is from this script sending the form to the lead's first ASSIGNED history entry: the script
and the stack must share a clock (the same machine). Exit status: 0, 1 when a lead was lost (answered 2xx, then
not found) or assigned twice, 2 for bad arguments or an unreachable stack. Leads not seen settled when the
run's deadline passes (--settle-seconds after the last post) are read once more; those still on their way are
counted apart, by status.
"""
import argparse
import heapq
import json
import math
import os
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

SETTLED = {"ASSIGNED", "ACCEPTED", "CLOSED", "NURTURE", "DISQUALIFIED"}
POLL_FIRST = 0.3
POLL_AGAIN = 0.5
# Reads of a lead not yet settled back off from 0.5 s to every 1 s: more often, the script's own reads grow with the
# stack's lag and slow it further; less often, assigned leads wait longer for their close and fill the sample
# org's capacities, so that later leads park. Speed-to-lead comes from the lead's history, not from when the
# script reads it.
POLL_MOST = 1.0


def lead_body(run, n):
    """A WARM lead the sample org routes (to its inbound team, whose reps have no working hours)."""
    return {
        "email": f"load.{run}.{n}@company{n % 300}.example.com",
        "firstName": "Load", "lastName": f"Lead {n}", "company": f"Company {n % 300}",
        "title": "Engineer", "country": "BR", "employees": 500, "industry": "Software",
        "product": "analytics", "source": "WEB_FORM", "message": "Need a demo",
        "campaign": {"utmSource": "load", "utmMedium": "script", "utmCampaign": run},
    }


def request(method, url, body=None, token=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw or b"{}")
        except ValueError:
            return e.code, {}
    except (urllib.error.URLError, OSError, TimeoutError):
        return -1, {}


def instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def percentile(values, percent):
    """Nearest rank, as the bench reports."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


class Run:
    def __init__(self, args):
        self.args = args
        self.api = args.api.rstrip("/")
        self.id = uuid.uuid4().hex[:8]
        self.lock = threading.Lock()
        self.posts = []          # (n, sent_at, status, lead_id, latency_s, waited)
        self.outcomes = {}       # lead_id -> dict
        self.unsettled = {}      # status -> leads still on their way after the deadline
        self.lost = []           # lead ids answered 2xx that the stack then did not have
        self.due = []            # heap of (due_at, lead_id, sent_at, reads so far)
        self.due_ready = threading.Condition(self.lock)
        self.in_flight = 0
        self.sending = True

    # --- posting, open loop --------------------------------------------------------------------------
    def post(self, n, waited):
        sent_at = time.time()
        started = time.monotonic()
        status, answer = request("POST", self.api + "/leads", lead_body(self.id, n))
        latency = time.monotonic() - started
        lead_id = answer.get("leadId") if status // 100 == 2 else None
        with self.lock:
            self.in_flight -= 1
            self.posts.append((n, sent_at, status, lead_id, latency, waited))
            if lead_id:
                heapq.heappush(self.due, (sent_at + POLL_FIRST, lead_id, sent_at, 0))
                self.due_ready.notify()

    def send_all(self):
        pool = ThreadPoolExecutor(max_workers=self.args.concurrency, thread_name_prefix="post")
        start = time.monotonic()
        for i in range(self.args.leads):
            wait = start + i / self.args.rate - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            with self.lock:
                waited = self.in_flight >= self.args.concurrency
                self.in_flight += 1
            pool.submit(self.post, i, waited)
        pool.shutdown(wait=True)
        with self.lock:
            self.sending = False
            self.due_ready.notify_all()

    # --- reading outcomes -----------------------------------------------------------------------------
    def read_loop(self, deadline):
        while True:
            with self.lock:
                while True:
                    if not self.due and not self.sending:
                        return
                    now = time.time()
                    if now > deadline:
                        return
                    if self.due and self.due[0][0] <= now:
                        _, lead_id, sent_at, reads = heapq.heappop(self.due)
                        break
                    self.due_ready.wait(min(0.2, self.due[0][0] - now) if self.due else 0.2)
            self.read(lead_id, sent_at, reads)

    def read(self, lead_id, sent_at, reads):
        """Reads the lead; its status (None when the stack does not answer with it)."""
        status, lead = request("GET", f"{self.api}/leads/{lead_id}", token=self.args.token)
        state = lead.get("status") if status == 200 else None
        settled = state in SETTLED or (state == "UNASSIGNED" and self.args.no_close)
        if not settled:
            with self.lock:
                again = min(POLL_MOST, POLL_AGAIN * 2 ** reads)
                heapq.heappush(self.due, (time.time() + again, lead_id, sent_at, reads + 1))
            return state
        history = lead.get("history") or []
        assigned = [e for e in history if e.get("event") == "ASSIGNED" and e.get("at")]
        outcome = {"status": state, "assigned_twice": len(assigned) > 1,
                   "settled_at": instant(history[-1]["at"]) if history and history[-1].get("at") else time.time()}
        if assigned:
            outcome["assigned_at"] = instant(assigned[0]["at"])
            outcome["speed_to_lead"] = outcome["assigned_at"] - sent_at
            outcome["settled_at"] = outcome["assigned_at"]
            if state == "ASSIGNED" and not self.args.no_close:
                request("POST", f"{self.api}/leads/{lead_id}/close", {"outcome": "OTHER"}, token=self.args.token)
        with self.lock:
            self.outcomes[lead_id] = outcome
        return state

    def go(self):
        timeout = self.args.leads / self.args.rate + self.args.settle_seconds
        deadline = time.time() + timeout
        readers = [threading.Thread(target=self.read_loop, args=(deadline,), daemon=True)
                   for _ in range(self.args.readers)]
        for reader in readers:
            reader.start()
        self.send_all()
        for reader in readers:
            reader.join(max(0.0, deadline - time.time()) + 5)
        self.read_the_rest()
        return self.report()

    def read_the_rest(self):
        """Leads not seen settled by the deadline, read once more: one settled meanwhile counts (and is closed,
        giving its rep's capacity back for the next run) as any other; one still on its way (parked for capacity,
        say) is counted by its status; one the stack does not have is lost."""
        with self.lock:
            waiting = [(p[3], p[1]) for p in self.posts if p[3] and p[3] not in self.outcomes]
        for lead_id, sent_at in waiting:
            state = self.read(lead_id, sent_at, 0)
            if state is None:
                self.lost.append(lead_id)
            elif lead_id not in self.outcomes:
                self.unsettled[state] = self.unsettled.get(state, 0) + 1

    def report(self):
        accepted = [p for p in self.posts if p[3]]
        ids = [p[3] for p in accepted]
        sent_first = min(p[1] for p in self.posts)
        sent_last = max(p[1] for p in self.posts)
        outcomes = self.outcomes
        lost = self.lost
        unsettled = self.unsettled
        speed = [o["speed_to_lead"] * 1000 for o in outcomes.values() if "speed_to_lead" in o]
        latency = [p[4] * 1000 for p in self.posts]
        twice = sum(1 for o in outcomes.values() if o["assigned_twice"]) + (len(ids) - len(set(ids)))
        last_settled = max((o["settled_at"] for o in outcomes.values()), default=sent_first)
        by_status = {}
        for o in outcomes.values():
            by_status[o["status"]] = by_status.get(o["status"], 0) + 1
        answers = {}
        for p in self.posts:
            answers[p[2]] = answers.get(p[2], 0) + 1
        send_seconds = sent_last - sent_first
        run_seconds = last_settled - sent_first
        print(f"load run {self.id}: {len(self.posts)} leads offered at {self.args.rate:g}/s to {self.api}"
              f" (at most {self.args.concurrency} posts in flight; {sum(1 for p in self.posts if p[5])} sends waited"
              " for a free slot)")
        print(f"answers: {', '.join(f'{v} x {k}' for k, v in sorted(answers.items()))}")
        print(f"sent/s: {(len(self.posts) - 1) / send_seconds if send_seconds > 0 else float('nan'):.1f}; "
              f"achieved/s (settled, first post to last settled): "
              f"{len(outcomes) / run_seconds if run_seconds > 0 else float('nan'):.1f}")
        print("speed-to-lead ms p50 / p90 / p99 / max: " + " / ".join(
            f"{percentile(speed, q):.0f}" for q in (50, 90, 99, 100)) + f" ({len(speed)} assigned)")
        print("intake HTTP ms p50 / p99: " + " / ".join(f"{percentile(latency, q):.1f}" for q in (50, 99)))
        print(f"outcomes (as first read settled): {', '.join(f'{v} {k.lower()}' for k, v in sorted(by_status.items()))}")
        if unsettled:
            print("not settled after the deadline, still held by the stack (status now): "
                  + ", ".join(f"{v} {k.lower()}" for k, v in sorted(unsettled.items())))
        print(f"lost: {len(lost)}; assigned twice: {twice}")
        return 0 if not lost and twice == 0 else 1


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--api", default="http://localhost:3000", help="the stack's API URL (default %(default)s)")
    parser.add_argument("--token", default=os.environ.get("LEAD_ROUTER_API_TOKEN"),
                        help="the API token the stack printed (default: env LEAD_ROUTER_API_TOKEN)")
    parser.add_argument("--rate", type=float, default=50, help="leads per second offered (default %(default)s)")
    parser.add_argument("--leads", type=int, default=1000, help="leads to post (default %(default)s)")
    parser.add_argument("--concurrency", type=int, default=64, help="most posts in flight (default %(default)s)")
    parser.add_argument("--readers", type=int, default=8, help="threads reading outcomes (default %(default)s)")
    parser.add_argument("--settle-seconds", type=float, default=120,
                        help="how long after the last post to wait for leads to settle (default %(default)s)")
    parser.add_argument("--no-close", action="store_true",
                        help="leave assigned leads open (parked UNASSIGNED leads then count as settled)")
    args = parser.parse_args(argv)
    if not args.token or args.rate <= 0 or args.leads < 1 or args.concurrency < 1:
        parser.error("--token (or LEAD_ROUTER_API_TOKEN), a positive --rate, --leads and --concurrency are needed")
    status, _ = request("GET", args.api.rstrip("/") + "/health", timeout=5)
    if status != 200:
        print(f"no stack answers at {args.api} (GET /health: {status})", file=sys.stderr)
        return 2
    return Run(args).go()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
