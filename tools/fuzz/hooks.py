"""Schemathesis hooks of bin/fuzz: a request the API rejects must change nothing.

Before every call the Redis dataset's digest (DEBUG DIGEST) is taken; after a 4xx answer it
must be the same. bin/fuzz runs dispatch alone (no worker, no heartbeats) and one request at a
time, so nothing else writes to Redis meanwhile.
"""
import os
import subprocess

import schemathesis

_REDIS_PORT = os.environ["FUZZ_REDIS_PORT"]
_last = {}


def _digest():
    return subprocess.run(["redis-cli", "-p", _REDIS_PORT, "DEBUG", "DIGEST"],
                          capture_output=True, text=True, check=True).stdout.strip()


# dispatch runs alone here, so no job ever ends: a valid wait (waitMs) lasts its full length, up
# to 30 s, beyond the request timeout. Every phase's valid waits are cut to this before the call;
# invalid ones (negative, over 30000, not a number) go as generated.
_WAIT_SENT_MS = 50


def _shortened(query):
    wait = query.get("waitMs") if isinstance(query, dict) else None
    # generated as a number, or (the coverage phase) as its text
    if isinstance(wait, int) and not isinstance(wait, bool) and _WAIT_SENT_MS < wait <= 30000:
        query["waitMs"] = _WAIT_SENT_MS
    elif isinstance(wait, str) and wait.isdigit() and _WAIT_SENT_MS < int(wait) <= 30000:
        query["waitMs"] = str(_WAIT_SENT_MS)


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    _shortened(case.query)
    _last["digest"] = _digest()


@schemathesis.check
def rejected_request_changes_nothing(ctx, response, case):
    """A 4xx answer leaves Redis exactly as it was."""
    if 400 <= response.status_code < 500 and "digest" in _last:
        if _digest() != _last["digest"]:
            raise AssertionError(f"the {response.status_code} answer to {case.method} {case.path} changed Redis")


_YEAR_MS = 365 * 24 * 3600 * 1000


def _within_a_year(job):
    """The API's one rule that JSON Schema cannot state: a job runs at most 365 days from now."""
    if not isinstance(job, dict):
        return True
    delay = job.get("delayMs")
    if isinstance(delay, int) and delay > _YEAR_MS:
        return False
    run_at = job.get("runAt")
    if isinstance(run_at, str):
        from datetime import datetime, timedelta, timezone
        try:
            when = datetime.fromisoformat(run_at.replace("Z", "+00:00"))
        except ValueError:
            return True
        if when.tzinfo is None or when - datetime.now(timezone.utc) > timedelta(days=364):
            return False
    return True


@schemathesis.hook
def filter_body(ctx, body):
    """Leaves out bodies that break that rule, so they are not taken for valid ones the API refuses."""
    if isinstance(body, dict) and isinstance(body.get("jobs"), list):
        return all(_within_a_year(job) for job in body["jobs"])
    return _within_a_year(body)
