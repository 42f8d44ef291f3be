#!/usr/bin/env python3
"""Independent load run against a running Lead Router stack, outside the JVM (Python standard library only).

Posts leads open loop at a given rate to POST /leads and learns each outcome as a downstream system does: from
the assignments queue (CONTRACT.md, "6. Output"), which it consumes. It reports the achieved rate, speed-to-lead
percentiles and the leads lost or assigned twice. Assigned leads are closed through the API (with the ops token
the stack prints) as soon as their assignment arrives, or --close-after seconds later, as reps would close them,
so that the sample org's capacities do not fill up during a long run; --no-close leaves them. Closed at once, a
close can land between routing's announcement and its mark that the announcement was sent, and then costs the
stack a second attempt; reps close minutes later, and a delay of a second or two leaves that race out.

    java -jar local/target/lead-router-local.jar          # prints the API URL, the SQS endpoint and the token
    python3 bench/load/load.py --token=TOKEN --sqs http://localhost:9324 --rate 50 --leads 1000

Speed-to-lead is from this script sending the form to the assignment's assignedAt: the script and the stack must
share a clock (the same machine). The script counts and closes only its own leads (their emails name the run),
but deletes every message it receives from the assignments queue: run it where nothing else consumes that queue. SQS requests are signed (SigV4) with AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY (any key works against the embedded stack).

A lead counts as assigned twice for two different first assignments (two assignedAt); the same assignment
delivered again, as SQS may deliver a message, is reported apart.

Exit status: 0; 1 when a lead was lost (answered 2xx, then not found), assigned twice, or assigned without its
message; 2 for bad arguments or an unreachable stack. Leads whose assignment did not arrive when the run's
deadline passes (--settle-seconds after the last post) are read once through GET /leads/{leadId}: those settled
otherwise count by status, those still on their way apart.
"""
import argparse
import hashlib
import hmac
import json
import math
import os
import queue
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

SETTLED = {"ASSIGNED", "ACCEPTED", "CLOSED", "NURTURE", "DISQUALIFIED"}
ASSIGNMENTS_QUEUE = "lead-router-assignments"
RECEIVE_WAIT_SECONDS = 1


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


class Sqs:
    """The few SQS calls the script makes, in SQS's JSON protocol, signed with SigV4."""

    def __init__(self, endpoint, region):
        self.endpoint = endpoint.rstrip("/") + "/"
        self.host = urllib.parse.urlsplit(self.endpoint).netloc
        self.region = region
        self.key = os.environ.get("AWS_ACCESS_KEY_ID", "local")
        self.secret = os.environ.get("AWS_SECRET_ACCESS_KEY", "local")
        self.token = os.environ.get("AWS_SESSION_TOKEN")

    def call(self, action, body):
        payload = json.dumps(body).encode()
        now = datetime.now(timezone.utc)
        stamp, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
        headers = {"content-type": "application/x-amz-json-1.0", "host": self.host, "x-amz-date": stamp,
                   "x-amz-target": "AmazonSQS." + action}
        if self.token:
            headers["x-amz-security-token"] = self.token
        names = ";".join(sorted(headers))
        canonical = "\n".join(["POST", "/", "", *(f"{k}:{headers[k]}" for k in sorted(headers)), "", names,
                               hashlib.sha256(payload).hexdigest()])
        scope = f"{day}/{self.region}/sqs/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        signing = ("AWS4" + self.secret).encode()
        for part in (day, self.region, "sqs", "aws4_request"):
            signing = hmac.new(signing, part.encode(), hashlib.sha256).digest()
        signature = hmac.new(signing, to_sign.encode(), hashlib.sha256).hexdigest()
        headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={self.key}/{scope}, SignedHeaders={names}, "
                                    f"Signature={signature}")
        req = urllib.request.Request(self.endpoint, data=payload, method="POST", headers=headers)
        with urllib.request.urlopen(req, timeout=RECEIVE_WAIT_SECONDS + 30) as response:
            return json.loads(response.read() or b"{}")

    def queue_url(self, name):
        return self.call("GetQueueUrl", {"QueueName": name})["QueueUrl"]


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
        self.sqs = Sqs(args.sqs, args.region)
        self.assignments = self.sqs.queue_url(ASSIGNMENTS_QUEUE)
        self.id = uuid.uuid4().hex[:8]
        self.lock = threading.Lock()
        self.posts = []          # (n, sent_at, status, lead_id, latency_s, waited)
        self.assigned = {}       # lead_id -> [assignedAt of each first (not re-routed) assignment message]
        self.outcomes = {}       # lead_id -> dict
        self.unsettled = {}      # status -> leads still on their way after the deadline
        self.lost = []           # lead ids answered 2xx that the stack then did not have
        self.without_message = 0  # leads read assigned whose assignment message never arrived
        self.redelivered = 0     # assignment messages that came again (same lead, same assignedAt)
        self.to_close = queue.Queue()
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

    # --- outcomes, from the assignments queue ---------------------------------------------------------
    def waiting(self):
        """Whether a lead posted (or still being posted) has no assignment yet."""
        with self.lock:
            return self.sending or any(p[3] and p[3] not in self.assigned for p in self.posts)

    def consume(self, deadline):
        while time.time() < deadline and self.waiting():
            self.receive()

    def drain(self):
        """What the queue still holds once the deadline passed: a late assignment is not a missing one."""
        while self.waiting() and self.receive():
            pass

    def receive(self):
        """One receive from the assignments queue, its messages taken and deleted; how many came."""
        try:
            answer = self.sqs.call("ReceiveMessage", {"QueueUrl": self.assignments, "MaxNumberOfMessages": 10,
                                                      "WaitTimeSeconds": RECEIVE_WAIT_SECONDS})
        except (urllib.error.URLError, OSError, ValueError) as e:
            print(f"receive from the assignments queue failed, trying again: {e}", file=sys.stderr)
            time.sleep(1)
            return 0
        messages = answer.get("Messages") or []
        for message in messages:
            assignment = json.loads(message["Body"])
            # Only this run's leads (their emails name the run) count and are closed.
            mine = str((assignment.get("lead") or {}).get("email", "")).startswith(f"load.{self.id}.")
            if assignment.get("reassignment") or not mine:
                continue
            lead_id = assignment["leadId"]
            with self.lock:
                first = lead_id not in self.assigned
                self.assigned.setdefault(lead_id, []).append(instant(assignment["assignedAt"]))
            if first and not self.args.no_close:
                self.to_close.put((lead_id, time.monotonic() + self.args.close_after))
        if messages:
            try:
                self.sqs.call("DeleteMessageBatch", {"QueueUrl": self.assignments, "Entries": [
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]})
            except (urllib.error.URLError, OSError, ValueError) as e:
                # Not deleted: they come again, and count as the same assignments delivered again.
                print(f"delete from the assignments queue failed: {e}", file=sys.stderr)
        return len(messages)

    def close(self, lead_id):
        request("POST", f"{self.api}/leads/{lead_id}/close", {"outcome": "OTHER"}, token=self.args.token)

    def close_loop(self):
        """Closes leads in the order their assignments came, each once its delay is up."""
        while True:
            due = self.to_close.get()
            if due is None:
                return
            lead_id, at = due
            time.sleep(max(0.0, at - time.monotonic()))
            self.close(lead_id)

    def go(self):
        timeout = self.args.leads / self.args.rate + self.args.settle_seconds
        deadline = time.time() + timeout
        consumer = threading.Thread(target=self.consume, args=(deadline,), daemon=True)
        closers = [threading.Thread(target=self.close_loop, daemon=True) for _ in range(self.args.closers)]
        for thread in [consumer, *closers]:
            thread.start()
        self.send_all()
        consumer.join(max(0.0, deadline - time.time()) + RECEIVE_WAIT_SECONDS + 30)
        self.drain()
        for _ in closers:
            self.to_close.put(None)
        for closer in closers:
            closer.join()
        self.settle()
        return self.report()

    def settle(self):
        """Each posted lead's outcome: its assignment as the queue delivered it, or for a lead whose assignment
        did not arrive, the lead read once through the API. One settled otherwise (nurture, say) counts by status,
        one still on its way (parked for capacity, say) is counted apart, and one the stack does not have is
        lost. An assignment read there whose message never arrived is counted too (and closed)."""
        for _, sent_at, _, lead_id, _, _ in [p for p in self.posts if p[3]]:
            if lead_id in self.assigned:
                times = self.assigned[lead_id]
                # SQS delivers at least once: the same assignment twice is one assignment; two are a fault.
                self.redelivered += len(times) - len(set(times))
                self.outcomes[lead_id] = {"status": "ASSIGNED", "assigned_twice": len(set(times)) > 1,
                                          "speed_to_lead": times[0] - sent_at, "settled_at": times[0]}
                continue
            status, lead = request("GET", f"{self.api}/leads/{lead_id}", token=self.args.token)
            state = lead.get("status") if status == 200 else None
            if state is None:
                self.lost.append(lead_id)
                continue
            history = lead.get("history") or []
            assigned = [e for e in history if e.get("event") == "ASSIGNED" and e.get("at")]
            if state not in SETTLED and not (state == "UNASSIGNED" and self.args.no_close):
                self.unsettled[state] = self.unsettled.get(state, 0) + 1
                continue
            outcome = {"status": state, "assigned_twice": len(assigned) > 1,
                       "settled_at": instant(history[-1]["at"]) if history and history[-1].get("at") else time.time()}
            if assigned:
                self.without_message += 1
                outcome["speed_to_lead"] = instant(assigned[0]["at"]) - sent_at
                outcome["settled_at"] = instant(assigned[0]["at"])
                if state == "ASSIGNED" and not self.args.no_close:
                    self.close(lead_id)
            self.outcomes[lead_id] = outcome

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
        print(f"outcomes: {', '.join(f'{v} {k.lower()}' for k, v in sorted(by_status.items()))}")
        if self.without_message:
            print(f"assigned without an assignment message on the queue: {self.without_message}")
        if unsettled:
            print("not settled after the deadline, still held by the stack (status now): "
                  + ", ".join(f"{v} {k.lower()}" for k, v in sorted(unsettled.items())))
        if self.redelivered:
            print(f"assignment messages delivered again (the same assignment): {self.redelivered}")
        twice_ids = [lead_id for lead_id, o in outcomes.items() if o["assigned_twice"]]
        if twice_ids:
            print(f"assigned twice: {', '.join(twice_ids[:10])}")
        print(f"lost: {len(lost)}; assigned twice: {twice}")
        return 0 if not lost and twice == 0 and not self.without_message else 1


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--api", default="http://localhost:3000", help="the stack's API URL (default %(default)s)")
    parser.add_argument("--token", default=os.environ.get("LEAD_ROUTER_API_TOKEN"),
                        help="the API token the stack printed (default: env LEAD_ROUTER_API_TOKEN)")
    parser.add_argument("--rate", type=float, default=50, help="leads per second offered (default %(default)s)")
    parser.add_argument("--leads", type=int, default=1000, help="leads to post (default %(default)s)")
    parser.add_argument("--concurrency", type=int, default=64, help="most posts in flight (default %(default)s)")
    parser.add_argument("--sqs", default="http://localhost:9324",
                        help="the stack's SQS endpoint, whose assignments queue the script consumes (default %(default)s)")
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"),
                        help="the SQS endpoint's region, for signing (default: env AWS_REGION or us-east-1)")
    parser.add_argument("--closers", type=int, default=8, help="threads closing assigned leads (default %(default)s)")
    parser.add_argument("--close-after", type=float, default=0,
                        help="seconds from an assignment's arrival to its lead's close (default %(default)s: at once)")
    parser.add_argument("--settle-seconds", type=float, default=120,
                        help="how long after the last post to wait for leads to settle (default %(default)s)")
    parser.add_argument("--no-close", action="store_true",
                        help="leave assigned leads open (parked UNASSIGNED leads then count as settled)")
    args = parser.parse_args(argv)
    if not args.token or args.rate <= 0 or args.leads < 1 or args.concurrency < 1 or args.close_after < 0:
        parser.error("--token (or LEAD_ROUTER_API_TOKEN), a positive --rate, --leads and --concurrency, and a"
                     " --close-after of at least 0 are needed")
    status, _ = request("GET", args.api.rstrip("/") + "/health", timeout=5)
    if status != 200:
        print(f"no stack answers at {args.api} (GET /health: {status})", file=sys.stderr)
        return 2
    try:
        run = Run(args)
    except (urllib.error.URLError, OSError, KeyError) as e:
        print(f"the assignments queue cannot be read at {args.sqs}: {e}", file=sys.stderr)
        return 2
    return run.go()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
