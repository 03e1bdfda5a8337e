#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The sandbox platform as a client sees it (platform-api.md).

Usage: test-sandbox.py PATH/TO/partnerdesk-sandbox

Each test class starts the built sandbox on port 0 with a temporary data
directory, reads the credentials line, talks to it over loopback with
http.client, and always stops it (SIGTERM, then SIGKILL) at the end.
"""

import atexit
import base64
import ctypes
import email.utils
import hashlib
import hmac
import http.client
import json
import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import uuid
from email.utils import parsedate_to_datetime

SANDBOX = None
RUNNING = []


def sign(secret, path, query, body=b""):
    message = secret + path
    for name in sorted(query):
        if name in ("sign", "access_token"):
            continue
        message += name + query[name]
    data = message.encode() + body + secret.encode()
    return hmac.new(secret.encode(), data, hashlib.sha256).hexdigest()


def stop_all():
    for sandbox in list(RUNNING):
        sandbox.stop()


atexit.register(stop_all)
# meson's timeout sends SIGTERM: exit through atexit, which stops the servers.
signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))


def die_with_parent():
    """In the child: SIGTERM when the test process dies, even by SIGKILL."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Sandbox:
    def __init__(self, *args, data_dir=None, seed=None):
        self.own_dir = data_dir is None
        self.dir = data_dir or tempfile.mkdtemp(prefix="pd-sandbox-test-")
        cmd = [SANDBOX, "--listen", "127.0.0.1:0", "--data", self.dir]
        if seed:
            cmd += ["--seed", seed]
        cmd += list(args)
        self.stderr = open(os.path.join(self.dir, "stderr.log"), "ab")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.stderr,
                                     preexec_fn=die_with_parent)
        RUNNING.append(self)
        line = self._read_line(30)
        if not line.startswith("PD_ENDPOINT="):
            self.stop()
            raise RuntimeError("no credentials line from the sandbox: %r" % line)
        self.line = line
        self.env = dict(item.split("=", 1) for item in line.split())
        url = urllib.parse.urlsplit(self.env["PD_ENDPOINT"])
        self.host, self.port = url.hostname, url.port
        self.secret = self.env["PD_APP_SECRET"]
        self.app_key = self.env["PD_APP_KEY"]
        self.access_token = self.env["PD_ACCESS_TOKEN"]
        self.refresh_token = self.env["PD_REFRESH_TOKEN"]

    def _read_line(self, timeout):
        deadline = time.monotonic() + timeout
        data = b""
        while not data.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if not ready:
                break
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                break
            data += chunk
        return data.decode("utf-8", "replace").strip()

    def stop(self):
        """SIGTERM, then SIGKILL; returns the exit status."""
        if self in RUNNING:
            RUNNING.remove(self)
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.stderr.close()
        return self.proc.returncode

    def cleanup(self):
        self.stop()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def raw(self, method, path, query=None, body=b"", headers=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            target = path + ("?" + urllib.parse.urlencode(query) if query else "")
            conn.request(method, target, body=body, headers=headers or {})
            response = conn.getresponse()
            try:
                data = response.read()
            except http.client.IncompleteRead as e:
                data = e
            return response.status, response, data
        finally:
            conn.close()

    def call(self, method, path, query=None, body=None, headers=None, token=True,
             ts_offset=0, secret=None, key=None, if_match=None, tamper=False):
        """A signed request; returns (status, headers, parsed JSON or raw)."""
        query = dict(query or {})
        query["app_key"] = self.app_key
        query["timestamp"] = str(int(time.time()) + ts_offset)
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        body = body or b""
        query["sign"] = sign(secret or self.secret, path, query, body)
        if tamper:
            query["sign"] = ("0" if query["sign"][0] != "0" else "1") + query["sign"][1:]
        headers = dict(headers or {})
        if token:
            headers["x-tts-access-token"] = self.access_token if token is True else token
        if key:
            headers["Idempotency-Key"] = key
        if if_match is not None:
            headers["If-Match"] = if_match
        if body:
            headers["Content-Type"] = "application/json"
        status, response, data = self.raw(method, path, query, body, headers)
        if isinstance(data, bytes):
            try:
                data = json.loads(data.decode("utf-8"))
            except ValueError:
                pass
        return status, response, data

    def admin(self, method, path, body=None):
        payload = json.dumps(body).encode() if body is not None else b""
        status, _, data = self.raw(method, path, None, payload, {"Content-Type": "application/json"})
        return status, json.loads(data.decode())

    def feed(self, limit=500, cursor=None):
        """Every change from @cursor on, page by page."""
        changes, pages = [], 0
        while True:
            query = {"limit": str(limit)}
            if cursor:
                query["cursor"] = cursor
            status, _, page = self.call("GET", "/v1/changes", query)
            assert status == 200, (status, page)
            changes += page["changes"]
            pages += 1
            assert page["next_cursor"], page
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return changes, cursor, pages


def new_key():
    return str(uuid.uuid4())


def new_token():
    return base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")


class SignatureTest(unittest.TestCase):
    def test_published_example(self):
        self.assertEqual(
            sign("e59af819cc", "/authorization/202309/shops",
                 {"app_key": "29a39d", "timestamp": "1623812664"}),
            "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8")


class DemoSandboxTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sb = Sandbox("--admin")

    @classmethod
    def tearDownClass(cls):
        cls.sb.cleanup()

    def assertError(self, result, status, code):
        got_status, _, body = result
        self.assertEqual(got_status, status, body)
        self.assertIsInstance(body, dict, body)
        self.assertEqual(body["error"]["code"], code, body)
        self.assertTrue(body["error"]["message"])
        self.assertTrue(body["error"]["request_id"])
        return body["error"]

    def test_credentials_line(self):
        self.assertEqual(len(self.sb.line.splitlines()), 1)
        self.assertEqual(list(self.sb.env),
                         ["PD_ENDPOINT", "PD_APP_KEY", "PD_APP_SECRET", "PD_ACCESS_TOKEN",
                          "PD_REFRESH_TOKEN", "PD_OPEN_APP_KEY", "PD_OPEN_APP_SECRET"])
        self.assertTrue(self.sb.env["PD_ENDPOINT"].startswith("http://127.0.0.1:"))
        self.assertNotEqual(self.sb.port, 0)

    def test_partner(self):
        status, response, partner = self.sb.call("GET", "/v1/partner")
        self.assertEqual(status, 200, partner)
        self.assertEqual(partner["markets"], ["EU", "JP", "US"])
        self.assertEqual(sorted(partner["onboarding_base_urls"]), ["EU", "JP", "US"])
        for url in partner["onboarding_base_urls"].values():
            self.assertTrue(url.startswith("https://seller"), url)
        self.assertTrue(partner["partner_id"] and partner["name"])
        self.assertIn("server_time", partner)
        date = parsedate_to_datetime(response.getheader("Date"))
        self.assertLess(abs(date.timestamp() - time.time()), 5)
        self.assertTrue(response.getheader("Content-Type").startswith("application/json"))

    def test_bad_signature(self):
        self.assertError(self.sb.call("GET", "/v1/partner", tamper=True), 401, "bad_signature")
        self.assertError(self.sb.call("GET", "/v1/partner", secret="not-the-secret"), 401,
                         "bad_signature")
        # The body is signed too: sign one body, send another.
        query = {"app_key": self.sb.app_key, "timestamp": str(int(time.time()))}
        body = json.dumps({"refresh_token": self.sb.refresh_token}).encode()
        query["sign"] = sign(self.sb.secret, "/v1/auth/refresh", query, body + b" ")
        status, _, data = self.sb.raw("POST", "/v1/auth/refresh", query, body)
        self.assertEqual(status, 401)
        self.assertEqual(json.loads(data)["error"]["code"], "bad_signature")

    def test_bad_timestamp(self):
        for offset in (301, -301):
            status, response, body = self.sb.call("GET", "/v1/partner", ts_offset=offset)
            self.assertEqual(status, 401, body)
            self.assertEqual(body["error"]["code"], "bad_timestamp")
            self.assertIsNotNone(response.getheader("Date"))
        status, _, _ = self.sb.call("GET", "/v1/partner", ts_offset=290)
        self.assertEqual(status, 200)

    def test_token_and_app_key(self):
        self.assertError(self.sb.call("GET", "/v1/partner", token=False), 401, "invalid_token")
        self.assertError(self.sb.call("GET", "/v1/partner", token="TTP_nope"), 401, "invalid_token")
        query = {"app_key": "nope", "timestamp": str(int(time.time()))}
        query["sign"] = sign(self.sb.secret, "/v1/partner", query)
        status, _, data = self.sb.raw("GET", "/v1/partner", query, b"",
                                      {"x-tts-access-token": self.sb.access_token})
        self.assertEqual((status, json.loads(data)["error"]["code"]), (401, "invalid_app_key"))

    def test_routing(self):
        self.assertError(self.sb.call("GET", "/v1/nothing"), 404, "not_found")
        error = self.assertError(self.sb.call("DELETE", "/v1/partner"), 405, "method_not_allowed")
        self.assertIn("GET", error["message"])

    def test_feed_pages_whole_seed(self):
        changes, cursor, pages = self.sb.feed(limit=137)
        seqs = [c["seq"] for c in changes]
        self.assertGreater(len(changes), 600)
        self.assertGreater(pages, 4)
        self.assertEqual(seqs, sorted(set(seqs)), "seq strictly increasing, no duplicates")
        # Nothing compacted yet: every seq from 1 to the last, no gap.
        self.assertEqual(seqs, list(range(1, len(seqs) + 1)))
        # Versions grow per object, deletes carry no data.
        last = {}
        for c in changes:
            key = (c["type"], c["id"])
            self.assertGreater(c["version"], last.get(key, 0))
            last[key] = c["version"]
            self.assertIn(c["op"], ("upsert", "delete"))
            self.assertEqual("data" in c, c["op"] == "upsert")
        types = {c["type"] for c in changes}
        self.assertEqual(types, {"program", "fx_rate", "service_category", "service",
                                 "target_merchant", "link", "store", "seller_request",
                                 "authorization", "payout"})
        # Caught up: the same cursor again, nothing new.
        status, _, page = self.sb.call("GET", "/v1/changes", {"cursor": cursor})
        self.assertEqual(status, 200)
        self.assertEqual(page["changes"], [])
        self.assertFalse(page["has_more"])
        self.assertEqual(page["next_cursor"], cursor)
        # The default page is 500.
        status, _, page = self.sb.call("GET", "/v1/changes")
        self.assertEqual(len(page["changes"]), 500)
        self.assertTrue(page["has_more"])

    def test_feed_parameters(self):
        for limit in ("0", "1001", "x", "-1"):
            self.assertError(self.sb.call("GET", "/v1/changes", {"limit": limit}), 400,
                             "invalid_parameter")
        status, _, page = self.sb.call("GET", "/v1/changes", {"limit": "1000"})
        self.assertEqual(status, 200)
        self.assertLessEqual(len(page["changes"]), 1000)
        self.assertTrue(len(page["changes"]) == 1000 or not page["has_more"])
        status, _, page = self.sb.call("GET", "/v1/changes", {"limit": "1"})
        self.assertEqual((status, len(page["changes"]), page["has_more"]), (200, 1, True))
        self.assertError(self.sb.call("GET", "/v1/changes", {"cursor": "garbage!"}), 400,
                         "invalid_cursor")
        forged = base64.urlsafe_b64encode(b"v1.0000000000000000.0.5").decode().rstrip("=")
        self.assertError(self.sb.call("GET", "/v1/changes", {"cursor": forged}), 410,
                         "cursor_expired")

    def test_demo_seed_contents(self):
        status, dump = self.sb.admin("GET", "/sandbox/objects")
        self.assertEqual(status, 200)
        objects = {}
        for o in dump["objects"]:
            objects.setdefault(o["type"], []).append(o["data"])
        stores = objects["store"]
        self.assertGreaterEqual(len(objects["target_merchant"]), 250)
        self.assertTrue(any(any("\u4e00" <= ch <= "\u9fff" for ch in t["seller_name"])
                            for t in objects["target_merchant"]))
        self.assertTrue(any(t["seller_name"].isascii() for t in objects["target_merchant"]))
        self.assertEqual({t["review_status"] for t in objects["target_merchant"]},
                         {"approved", "pending", "rejected"})
        self.assertEqual({s["store_status"] for s in stores}, {"normal", "closing", "closed"})
        self.assertEqual({s["governance"] for s in stores}, {"none", "warning", "high_risk"})
        for s in stores:
            self.assertIsInstance(s["inventory_countries"], list)
            self.assertIn(s["gmv_currency"], ("EUR", "GBP", "JPY", "USD", "CNY"))
        self.assertEqual({c["state"] for c in objects["service_category"]},
                         {"not_listed", "in_review", "approved", "rejected", "suspended"})
        for c in objects["service_category"]:
            self.assertEqual(set(c["requirement"]),
                             {"metric", "amount", "currency", "operation_qualification"})
            self.assertEqual(set(c["current"]), {"amount", "currency"})
        self.assertEqual({s["type"] for s in objects["service"]}, {"public", "custom"})
        requests = objects["seller_request"]
        self.assertEqual({r["status"] for r in requests},
                         {"partner_reviewing", "partner_accepted", "connected", "rejected", "closed"})
        for r in requests:
            self.assertEqual("contact_email" in r, r["status"] != "closed", r)
        auths = objects["authorization"]
        self.assertEqual({a["state"] for a in auths}, {"active", "completed", "canceled", "closed"})
        now = time.time()
        soon = [a for a in auths if a["state"] == "active" and "expires_at" in a and
                0 < _parse_time(a["expires_at"]) - now <= 15 * 86400]
        self.assertGreaterEqual(len(soon), 3)
        self.assertTrue(any(a["state"] == "active" and "expires_at" not in a for a in auths))
        self.assertEqual(len(objects["payout"]), 2)
        # The program files (Q1 2026, a past quarter) and the current quarter's two.
        self.assertEqual(len(objects["program"]), 4)
        self.assertEqual({l["state"] for l in objects["link"]},
                         {"active", "used", "expired", "revoked"})
        for l in objects["link"]:
            if l["kind"] == "authorization":
                self.assertRegex(l["url"], r"^https://services\.tiktokshops?\.(com|us)/open/authorize"
                                           r"\?service_id=[^&]+&state=[A-Za-z0-9_-]+$")
            else:
                self.assertIn("pd_ref=" + l["token"], l["url"])

    def test_demo_is_current(self):
        """The demo is the quarter that contains the moment of seeding: its
        recruitment program's period contains now, and the stores, targets and
        invitations are that program's, placed so that every stage holds now."""
        from datetime import datetime, timedelta, timezone
        status, dump = self.sb.admin("GET", "/sandbox/objects")
        self.assertEqual(status, 200)
        objects = {}
        for o in dump["objects"]:
            objects.setdefault(o["type"], []).append(o["data"])
        shanghai = timezone(timedelta(hours=8))
        today = datetime.now(shanghai)
        quarter = (today.month - 1) // 3 + 1
        current = f"eu-jp-pop-partner-{today.year}q{quarter}"
        programs = {p["id"]: p for p in objects["program"]}
        self.assertIn(current, programs)
        self.assertIn(f"us-top-{today.year}q{quarter}", programs)
        self.assertIn("eu-jp-pop-partner-2026q1", programs)
        period = programs[current]["period"]
        self.assertLessEqual(period["start"], today.strftime("%Y-%m-%d"))
        self.assertGreaterEqual(period["end"], today.strftime("%Y-%m-%d"))
        self.assertTrue(programs[current]["name"].endswith(f", Q{quarter} {today.year}"))
        # Same rules as the template.
        self.assertEqual(programs[current]["conditions"], programs["eu-jp-pop-partner-2026q1"]["conditions"])
        # The current program's list, and Q1 2026's once that quarter is over.
        past = {"eu-jp-pop-partner-2026q1"} if current != "eu-jp-pop-partner-2026q1" else set()
        self.assertEqual({t["program_id"] for t in objects["target_merchant"]}, {current} | past)
        status, _, partner = self.sb.call("GET", "/v1/partner")
        self.assertEqual(status, 200)
        as_of = _parse_time(partner["partner"]["demo_as_of"] if "partner" in partner
                            else partner["demo_as_of"])
        self.assertLessEqual(abs(as_of - time.time()), 120)
        start = datetime.fromisoformat(period["start"] + "T00:00:00+08:00").timestamp()
        stores = [s for s in objects["store"] if s["program_id"] == current]
        self.assertEqual(len(stores), 48)
        before = [s for s in stores if _parse_time(s["onboarded_at"]) < start]
        self.assertEqual(len(before), 2)  # lost on onboarding date
        for s in stores:
            self.assertLessEqual(_parse_time(s["onboarded_at"]), as_of, s)
            if "first_sale_at" in s:
                self.assertLessEqual(_parse_time(s["first_sale_at"]), as_of, s)
        # Stores opened in the last 30 days with GMV under the threshold: pending on GMV.
        recent = [s for s in stores if as_of - _parse_time(s["onboarded_at"]) < 30 * 86400]
        self.assertGreaterEqual(len(recent), 6)
        invitations = [l for l in objects["link"] if l["kind"] == "onboarding" and l["state"] == "active"
                       and l.get("program_id") == current]
        self.assertEqual(len(invitations), 90)
        for l in objects["link"]:
            if l["state"] == "expired" and "expires_at" in l:
                self.assertLess(_parse_time(l["expires_at"]), as_of, l)

    def test_idempotency(self):
        token = new_token()
        key = new_key()
        body = {"kind": "onboarding", "token": token, "market": "EU", "staff": "Test"}
        status, _, first = self.sb.call("POST", "/v1/links", body=body, key=key)
        self.assertEqual(status, 201, first)
        self.assertEqual(first["link"]["state"], "active")
        self.assertTrue(first["link"]["url"].endswith("pd_ref=" + token))
        # The same key and body (other spacing and member order): the first answer again.
        again = json.dumps(dict(reversed(list(body.items()))), indent=2).encode()
        status, response, second = self.sb.call("POST", "/v1/links", body=again, key=key)
        self.assertEqual(status, 200, second)
        self.assertEqual(second, first)
        self.assertEqual(response.getheader("Idempotent-Replayed"), "true")
        # The same key, another body.
        self.assertError(self.sb.call("POST", "/v1/links", body=dict(body, market="JP"), key=key),
                         422, "idempotency_mismatch")
        # No key at all.
        self.assertError(self.sb.call("POST", "/v1/links", body=dict(body, token=new_token())),
                         400, "missing_idempotency_key")
        # Applied exactly once.
        _, applied = self.sb.admin("GET", "/sandbox/applied")
        rows = [a for a in applied["applied"] if a["idempotency_key"] == key]
        self.assertEqual(len(rows), 1)
        self.assertEqual((rows[0]["method"], rows[0]["path"]), ("POST", "/v1/links"))
        # The same token under a new key is a conflict.
        self.assertError(self.sb.call("POST", "/v1/links", body=body, key=new_key()), 409,
                         "already_exists")
        # The change is in the feed once.
        status, dump = self.sb.admin("GET", "/sandbox/objects?type=link")
        self.assertEqual(sum(1 for o in dump["objects"] if o["id"] == token), 1)

    def test_link_validation(self):
        bad = [
            {"kind": "onboarding", "token": "short", "market": "EU"},
            {"kind": "authorization", "token": new_token(), "market": "EU"},
            {"kind": "onboarding", "token": new_token(), "market": 3},
            {"kind": "onboarding", "token": new_token(), "market": "EU", "expires_at": "soon"},
            ["not", "an", "object"],
        ]
        for body in bad:
            self.assertError(self.sb.call("POST", "/v1/links", body=body, key=new_key()), 400,
                             "invalid_body")
        self.assertError(self.sb.call("POST", "/v1/links", body=b"{\"kind\": \xff}", key=new_key()),
                         400, "invalid_body")
        self.assertError(self.sb.call("POST", "/v1/links", body=b"[" * 5000, key=new_key()),
                         400, "invalid_body")
        # Escapes that would smuggle invalid Unicode or cut a string short.
        for staff in (b'"\\ud800x"', b'"a\\u0000b"'):
            body = (b'{"kind":"onboarding","token":"%s","market":"EU","staff":%s}'
                    % (new_token().encode(), staff))
            self.assertError(self.sb.call("POST", "/v1/links", body=body, key=new_key()),
                             400, "invalid_body")
        self.assertError(self.sb.call("POST", "/v1/links", key=new_key(),
                                      body={"kind": "onboarding", "token": new_token(),
                                            "market": "BR"}), 422, "validation_failed")
        self.assertError(self.sb.call("POST", "/v1/links", key=new_key(),
                                      body={"kind": "onboarding", "token": new_token(),
                                            "market": "EU", "program_id": "nope"}),
                         422, "validation_failed")

    def test_revoke(self):
        token = new_token()
        status, _, _ = self.sb.call("POST", "/v1/links", key=new_key(),
                                    body={"kind": "onboarding", "token": token, "market": "JP",
                                          "program_id": "eu-jp-pop-partner-2026q1"})
        self.assertEqual(status, 201)
        status, _, revoked = self.sb.call("POST", "/v1/links/%s/revoke" % token, key=new_key())
        self.assertEqual(status, 200, revoked)
        self.assertEqual(revoked["link"]["state"], "revoked")
        self.assertIn("revoked_at", revoked["link"])
        self.assertError(self.sb.call("POST", "/v1/links/%s/revoke" % new_token(), key=new_key()),
                         404, "not_found")
        _, dump = self.sb.admin("GET", "/sandbox/objects?type=link")
        used = next(o["id"] for o in dump["objects"] if o["data"]["state"] == "used")
        self.assertError(self.sb.call("POST", "/v1/links/%s/revoke" % used, key=new_key()),
                         422, "invalid_transition")

    def test_authorization_links(self):
        status, _, created = self.sb.call("POST", "/v1/authorization-links", key=new_key(),
                                          body={"service_id": "svc-eu-launch",
                                                "seller_id": "7490000000001",
                                                "shop_ids": ["SHOP1"], "duration_days": 30})
        self.assertEqual(status, 201, created)
        link = created["link"]
        self.assertRegex(link["url"], r"^https://services\.tiktokshop\.com/open/authorize\?"
                                      r"service_id=svc-eu-launch&state=" + link["token"] + "$")
        self.assertIn("expires_at", link)
        status, _, created = self.sb.call("POST", "/v1/authorization-links", key=new_key(),
                                          body={"service_id": "svc-ads-starter", "market": "US",
                                                "duration_days": None})
        self.assertEqual(status, 201, created)
        self.assertTrue(created["link"]["url"].startswith(
            "https://services.tiktokshops.us/open/authorize?service_id=svc-ads-starter&state="))
        self.assertNotIn("duration_days", created["link"])
        # A renewal keeps the seller and shops of the authorization it renews.
        _, dump = self.sb.admin("GET", "/sandbox/objects?type=authorization")
        auth = next(o["data"] for o in dump["objects"] if o["data"]["state"] == "active"
                    and "expires_at" in o["data"])
        status, _, renewal = self.sb.call("POST", "/v1/authorization-links", key=new_key(),
                                          body={"service_id": auth["service_id"],
                                                "duration_days": 90, "renewal_of": auth["id"]})
        self.assertEqual(status, 201, renewal)
        self.assertEqual(renewal["link"]["seller_id"], auth["seller_id"])
        self.assertEqual(renewal["link"]["renewal_of"], auth["id"])
        # A service whose category is not approved cannot be authorized.
        self.assertError(self.sb.call("POST", "/v1/authorization-links", key=new_key(),
                                      body={"service_id": "svc-kol-seeding", "duration_days": 30}),
                         422, "validation_failed")
        self.assertError(self.sb.call("POST", "/v1/authorization-links", key=new_key(),
                                      body={"service_id": "svc-eu-launch"}), 400, "invalid_body")
        # The client's own `state` is kept as the token (a link made
        # offline keeps the URL already given out); one in use is 409.
        state = "Offline_state-token_0123456789"
        status, _, created = self.sb.call("POST", "/v1/authorization-links", key=new_key(),
                                          body={"service_id": "svc-eu-launch", "state": state,
                                                "duration_days": 30})
        self.assertEqual(status, 201, created)
        self.assertEqual(created["link"]["token"], state)
        self.assertTrue(created["link"]["url"].endswith("&state=" + state))
        self.assertError(self.sb.call("POST", "/v1/authorization-links", key=new_key(),
                                      body={"service_id": "svc-eu-launch", "state": state,
                                            "duration_days": 30}), 409, "already_exists")
        self.assertError(self.sb.call("POST", "/v1/authorization-links", key=new_key(),
                                      body={"service_id": "svc-eu-launch", "state": "short",
                                            "duration_days": 30}), 400, "invalid_body")
        self.assertError(self.sb.call("POST", "/v1/authorization-links", key=new_key(),
                                      body={"service_id": "svc-eu-launch", "duration_days": 0}),
                         400, "invalid_body")

    def _seller_request(self, status):
        _, dump = self.sb.admin("GET", "/sandbox/objects?type=seller_request")
        return next(o for o in dump["objects"] if o["data"]["status"] == status)

    def test_seller_request_conflict_and_transitions(self):
        target = self._seller_request("partner_reviewing")
        rid, version = target["id"], target["version"]
        path = "/v1/seller-requests/" + rid
        # Stale version: 409 with the current object.
        error = self.assertError(self.sb.call("PATCH", path, body={"status": "partner_accepted"},
                                              if_match='"%d"' % (version + 5)),
                                 409, "version_conflict")
        self.assertEqual(error["current"]["id"], rid)
        self.assertEqual(error["current"]["version"], version)
        self.assertEqual(error["current"]["status"], "partner_reviewing")
        self.assertError(self.sb.call("PATCH", path, body={"status": "partner_accepted"}),
                         428, "precondition_required")
        self.assertError(self.sb.call("PATCH", path, body={"status": "connected"},
                                      if_match='"%d"' % version), 400, "invalid_body")
        # The right version: accepted.
        status, response, accepted = self.sb.call("PATCH", path, body={"status": "partner_accepted",
                                                                        "note": "call Tuesday"},
                                                  if_match='"%d"' % version, key=new_key())
        self.assertEqual(status, 200, accepted)
        self.assertEqual(accepted["status"], "partner_accepted")
        self.assertEqual(accepted["version"], version + 1)
        self.assertEqual(response.getheader("ETag"), '"%d"' % (version + 1))
        # partner_accepted cannot be rejected (422), but can be closed.
        self.assertError(self.sb.call("PATCH", path, body={"status": "rejected"},
                                      if_match='"%d"' % (version + 1)), 422, "invalid_transition")
        status, _, closed = self.sb.call("PATCH", path, body={"status": "closed"},
                                         if_match='W/"%d"' % (version + 1))
        self.assertEqual(status, 200, closed)
        self.assertNotIn("contact_name", closed)
        self.assertNotIn("contact_email", closed)
        # Terminal states stay.
        self.assertError(self.sb.call("PATCH", path, body={"status": "partner_accepted"},
                                      if_match='"%d"' % (version + 2)), 422, "invalid_transition")
        connected = self._seller_request("connected")
        self.assertError(self.sb.call("PATCH", "/v1/seller-requests/" + connected["id"],
                                      body={"status": "closed"},
                                      if_match='"%d"' % connected["version"]),
                         422, "invalid_transition")
        self.assertError(self.sb.call("PATCH", "/v1/seller-requests/SR-999999",
                                      body={"status": "closed"}, if_match='"1"'), 404, "not_found")

    def test_services_and_categories(self):
        body = {"category_id": "cat-advertising", "name": "Test service", "type": "custom",
                "description": "For the test", "price": "120.50"}
        status, _, created = self.sb.call("PUT", "/v1/services/svc-test", body=body, key=new_key())
        self.assertEqual(status, 201, created)
        self.assertEqual((created["price"], created["currency"], created["version"]),
                         ("120.50", "USD", 1))
        status, _, updated = self.sb.call("PUT", "/v1/services/svc-test",
                                          body=dict(body, price="99"), key=new_key())
        self.assertEqual((status, updated["price"], updated["version"]), (200, "99.00", 2))
        status, _, same = self.sb.call("PUT", "/v1/services/svc-test",
                                       body=dict(body, price="99.00"), key=new_key())
        self.assertEqual((status, same["version"]), (200, 2))
        for bad in (dict(body, price="1,5"), dict(body, price="1.234"), dict(body, type="vip"),
                    dict(body, price=12), {"name": "x"}):
            self.assertError(self.sb.call("PUT", "/v1/services/svc-test", body=bad, key=new_key()),
                             400, "invalid_body")
        self.assertError(self.sb.call("PUT", "/v1/services/svc-test", key=new_key(),
                                      body=dict(body, category_id="nope")), 422, "validation_failed")

        status, _, category = self.sb.call("POST", "/v1/service-categories/cat-training/apply",
                                           key=new_key())
        self.assertEqual((status, category["state"]), (200, "in_review"), category)
        self.assertError(self.sb.call("POST", "/v1/service-categories/cat-training/apply",
                                      key=new_key()), 422, "invalid_transition")
        status, _, category = self.sb.call("POST", "/v1/service-categories/cat-training/withdraw",
                                           key=new_key(), body={})
        self.assertEqual((status, category["state"]), (200, "not_listed"), category)
        self.assertError(self.sb.call("POST", "/v1/service-categories/cat-erp/withdraw",
                                      key=new_key()), 422, "invalid_transition")
        self.assertError(self.sb.call("POST", "/v1/service-categories/nope/apply", key=new_key()),
                         404, "not_found")

    def test_body_limit(self):
        big = b'{"x":"' + b"a" * (1024 * 1024 + 10) + b'"}'
        status, _, data = self.sb.raw("POST", "/v1/links", {"app_key": self.sb.app_key}, big,
                                      {"Content-Type": "application/json"})
        self.assertEqual(status, 413)
        self.assertEqual(json.loads(data)["error"]["code"], "payload_too_large")
        # Chunked, without a Content-Length: refused as it arrives.
        conn = http.client.HTTPConnection(self.sb.host, self.sb.port, timeout=30)
        try:
            conn.request("POST", "/v1/links", body=iter([b"x" * 65536] * 20),
                         headers={"Content-Type": "application/json"}, encode_chunked=True)
            response = conn.getresponse()
            self.assertEqual(response.status, 413)
            self.assertEqual(json.loads(response.read())["error"]["code"], "payload_too_large")
        finally:
            conn.close()
        # Still serving.
        self.assertEqual(self.sb.call("GET", "/v1/partner")[0], 200)

    def test_zz_advance_and_compaction(self):
        _, _, first = self.sb.call("GET", "/v1/changes", {"limit": "10"})
        old_cursor = first["next_cursor"]
        changes, cursor, _ = self.sb.feed(limit=1000)
        status, summary = self.sb.admin("POST", "/sandbox/advance",
                                        {"new_stores": 3, "gmv_updates": 5,
                                         "governance_event": True, "new_seller_requests": 2,
                                         "resolve_reviews": True, "target_removals": 1})
        self.assertEqual(status, 200, summary)
        self.assertEqual(len(summary["new_stores"]), 3)
        self.assertEqual(len(summary["gmv_updates"]), 5)
        self.assertIsNotNone(summary["governance_event"])
        new, cursor, _ = self.sb.feed(cursor=cursor)
        self.assertEqual(new[-1]["seq"], summary["last_seq"])
        self.assertEqual(new[0]["seq"], changes[-1]["seq"] + 1)
        kinds = {(c["type"], c["op"]) for c in new}
        self.assertIn(("store", "upsert"), kinds)
        self.assertIn(("target_merchant", "delete"), kinds)
        high_risk = [c for c in new if c["type"] == "store" and c["id"] == summary["governance_event"]]
        self.assertEqual(high_risk[-1]["data"]["governance"], "high_risk")

        status, bulk = self.sb.admin("POST", "/sandbox/seed-bulk", {"changes": 2500})
        self.assertEqual((status, bulk["created"]), (200, 2500))
        new, cursor, pages = self.sb.feed(limit=1000, cursor=cursor)
        self.assertEqual((len(new), pages), (2500, 3))

        status, compacted = self.sb.admin("POST", "/sandbox/compact", {})
        self.assertEqual(status, 200)
        self.assertGreater(compacted["removed"], 0)
        self.assertError(self.sb.call("GET", "/v1/changes", {"cursor": old_cursor}), 410,
                         "cursor_expired")
        # The current cursor is still good, and a restart pages the compacted feed.
        status, _, page = self.sb.call("GET", "/v1/changes", {"cursor": cursor})
        self.assertEqual((status, page["changes"]), (200, []))
        everything, _, _ = self.sb.feed(limit=333)
        seqs = [c["seq"] for c in everything]
        self.assertEqual(seqs, sorted(set(seqs)))
        self.assertEqual(len({(c["type"], c["id"]) for c in everything}), len(everything))


def _parse_time(text):
    from datetime import datetime
    return datetime.fromisoformat(text).timestamp()


class TokenTest(unittest.TestCase):
    def setUp(self):
        # A lifetime no request reaches by itself: the test moves the
        # sandbox's clock past it (POST /sandbox/clock) instead of sleeping.
        self.sb = Sandbox("--token-ttl", "60", "--admin", seed="empty")

    def tearDown(self):
        self.sb.cleanup()

    def refresh(self, refresh_token):
        return self.sb.call("POST", "/v1/auth/refresh", token=False,
                            body={"refresh_token": refresh_token})

    def test_expiry_and_refresh(self):
        self.assertEqual(self.sb.call("GET", "/v1/partner")[0], 200)
        # Halfway through its lifetime (whatever the time the start took):
        # still good; past it: expired.
        status, clock = self.sb.admin("POST", "/sandbox/clock", {"advance_seconds": 30})
        self.assertEqual((status, clock["offset_seconds"]), (200, 30))
        self.assertEqual(self.sb.call("GET", "/v1/partner")[0], 200)
        status, clock = self.sb.admin("POST", "/sandbox/clock", {"advance_seconds": 31})
        self.assertEqual((status, clock["offset_seconds"]), (200, 61))
        status, response, body = self.sb.call("GET", "/v1/partner")
        self.assertEqual((status, body["error"]["code"]), (401, "token_expired"))
        # The moved clock is the one the sandbox shows.
        self.assertAlmostEqual(email.utils.parsedate_to_datetime(response.getheader("Date")).timestamp(),
                               time.time() + 61, delta=5)
        # It never goes back.
        status, body = self.sb.admin("POST", "/sandbox/clock", {"advance_seconds": -1})
        self.assertEqual(status, 400, body)

        old_access, old_refresh = self.sb.access_token, self.sb.refresh_token
        status, _, tokens = self.refresh(old_refresh)
        self.assertEqual(status, 200, tokens)
        self.assertNotEqual(tokens["access_token"], old_access)
        self.assertNotEqual(tokens["refresh_token"], old_refresh)
        self.assertEqual(tokens["expires_in"], 60)
        # The old access token is superseded (expired, so a client refreshes).
        status, _, body = self.sb.call("GET", "/v1/partner")
        self.assertEqual((status, body["error"]["code"]), (401, "token_expired"))
        # The answer to the refresh was lost: the old refresh token gets the same pair.
        status, _, again = self.refresh(old_refresh)
        self.assertEqual((status, again["access_token"], again["refresh_token"]),
                         (200, tokens["access_token"], tokens["refresh_token"]))
        self.sb.access_token = tokens["access_token"]
        self.assertEqual(self.sb.call("GET", "/v1/partner")[0], 200)
        status, _, body = self.refresh("TTR_unknown")
        self.assertEqual((status, body["error"]["code"]), (401, "invalid_token"))
        status, _, body = self.sb.call("POST", "/v1/auth/refresh", token=False, body={})
        self.assertEqual((status, body["error"]["code"]), (400, "invalid_body"))


class SignInTest(unittest.TestCase):
    """POST /v1/auth/token: the app key and secret (the signature) get the tokens."""

    def setUp(self):
        self.sb = Sandbox("--token-ttl", "60", "--admin", seed="empty")

    def tearDown(self):
        self.sb.cleanup()

    def sign_in(self, **kwargs):
        return self.sb.call("POST", "/v1/auth/token", token=False, **kwargs)

    def test_good_secret(self):
        status, _, tokens = self.sign_in()
        self.assertEqual(status, 200, tokens)
        # The current pair, still valid: another client keeps working.
        self.assertEqual((tokens["access_token"], tokens["refresh_token"]),
                         (self.sb.access_token, self.sb.refresh_token))
        self.assertTrue(0 < tokens["expires_in"] <= 60)
        self.assertEqual(self.sb.call("GET", "/v1/partner", token=tokens["access_token"])[0], 200)
        # An empty JSON object is a body too; no Idempotency-Key needed.
        self.assertEqual(self.sign_in(body={})[0], 200)
        # Once expired, signing in gives a fresh pair that works.
        self.sb.admin("POST", "/sandbox/clock", {"advance_seconds": 61})
        status, _, fresh = self.sign_in()
        self.assertEqual(status, 200, fresh)
        self.assertNotEqual(fresh["access_token"], tokens["access_token"])
        self.assertEqual(fresh["expires_in"], 60)
        self.assertEqual(self.sb.call("GET", "/v1/partner", token=fresh["access_token"])[0], 200)

    def test_wrong_secret(self):
        status, _, body = self.sign_in(secret="not-the-secret")
        self.assertEqual((status, body["error"]["code"]), (401, "bad_signature"))
        self.assertNotIn("access_token", body)
        app_key, self.sb.app_key = self.sb.app_key, "no-such-key"
        status, _, body = self.sign_in()
        self.sb.app_key = app_key
        self.assertEqual((status, body["error"]["code"]), (401, "invalid_app_key"))

    def test_not_json(self):
        status, _, body = self.sign_in(body=b"tokens please")
        self.assertEqual((status, body["error"]["code"]), (400, "invalid_body"))


class EmptySeedTest(unittest.TestCase):
    def test_empty_seed(self):
        sb = Sandbox(seed="empty")
        try:
            changes, cursor, _ = sb.feed()
            self.assertEqual(changes, [])
            status, _, page = sb.call("GET", "/v1/changes", {"cursor": cursor})
            self.assertEqual((status, page["changes"], page["next_cursor"]), (200, [], cursor))
            status, _, partner = sb.call("GET", "/v1/partner")
            self.assertEqual(status, 200)
            self.assertNotIn("demo_as_of", partner)
        finally:
            sb.cleanup()


class FaultTest(unittest.TestCase):
    def test_fail_rate(self):
        sb = Sandbox("--fail-rate", "0.5", "--fault-seed", "7", "--admin", seed="empty")
        try:
            statuses = []
            for _ in range(40):
                status, response, body = sb.call("GET", "/v1/partner")
                statuses.append(status)
                if status == 503:
                    self.assertEqual(body["error"]["code"], "service_unavailable")
                    self.assertEqual(response.getheader("Retry-After"), "1")
            self.assertEqual(set(statuses), {200, 503})
            self.assertTrue(8 <= statuses.count(503) <= 32, statuses)
            # A 503 is answered before anything is done.
            for _ in range(20):
                key = new_key()
                status, _, _ = sb.call("POST", "/v1/links", key=key,
                                       body={"kind": "onboarding", "token": new_token(), "market": "EU"})
                _, applied = sb.admin("GET", "/sandbox/applied")
                rows = [a for a in applied["applied"] if a["idempotency_key"] == key]
                self.assertEqual(len(rows), 1 if status == 201 else 0, status)
            # Admin endpoints are never faulted.
            for _ in range(10):
                self.assertEqual(sb.admin("GET", "/sandbox/applied")[0], 200)
        finally:
            sb.cleanup()

    def test_truncate_rate(self):
        sb = Sandbox("--truncate-rate", "1", "--admin", seed="empty")
        try:
            status, response, data = sb.call("GET", "/v1/partner")
            self.assertEqual(status, 200)
            self.assertIsInstance(data, http.client.IncompleteRead)
            self.assertGreater(len(data.partial), 0)
            self.assertGreater(data.expected, 0)
            # Cut short after processing: the mutation happened, once, and a
            # retry with the same key replays it (cut short again).
            key, token = new_key(), new_token()
            body = {"kind": "onboarding", "token": token, "market": "EU"}
            for _ in range(3):
                status, _, data = sb.call("POST", "/v1/links", key=key, body=body)
                self.assertIsInstance(data, http.client.IncompleteRead)
            _, applied = sb.admin("GET", "/sandbox/applied")
            self.assertEqual(sum(1 for a in applied["applied"] if a["idempotency_key"] == key), 1)
            _, faults = sb.admin("POST", "/sandbox/faults", {"truncate_rate": 0})
            self.assertEqual(faults["truncate_rate"], 0)
            status, _, replay = sb.call("POST", "/v1/links", key=key, body=body)
            self.assertEqual((status, replay["link"]["token"]), (200, token))
        finally:
            sb.cleanup()

    def test_latency(self):
        sb = Sandbox("--latency-ms", "400", seed="empty")
        try:
            start = time.monotonic()
            status, _, _ = sb.call("GET", "/v1/partner")
            elapsed = time.monotonic() - start
            self.assertEqual(status, 200)
            self.assertGreaterEqual(elapsed, 0.38)
            # Admin endpoints are not delayed, and are off without --admin.
            start = time.monotonic()
            status, body = sb.admin("GET", "/sandbox/applied")
            self.assertEqual((status, body["error"]["code"]), (404, "not_found"))
            self.assertLess(time.monotonic() - start, 0.38)
        finally:
            sb.cleanup()

    def test_rate_limit(self):
        sb = Sandbox("--rate-limit", "3", seed="empty")
        try:
            statuses = [sb.call("GET", "/v1/partner")[0] for _ in range(8)]
            self.assertIn(429, statuses)
        finally:
            sb.cleanup()


class LifecycleTest(unittest.TestCase):
    def test_restart_reuses_data(self):
        data_dir = tempfile.mkdtemp(prefix="pd-sandbox-test-")
        try:
            first = Sandbox(data_dir=data_dir)
            changes, _, _ = first.feed(limit=1000)
            self.assertEqual(first.stop(), 0, "SIGTERM stops cleanly")
            second = Sandbox(data_dir=data_dir, seed="empty")
            try:
                self.assertEqual(second.line.split()[1:], first.line.split()[1:])
                again, _, _ = second.feed(limit=1000)
                self.assertEqual(again, changes)
            finally:
                self.assertEqual(second.stop(), 0)
            db = sqlite3.connect(os.path.join(data_dir, "sandbox.db"))
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            db.close()
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)

    def test_seed_is_deterministic(self):
        # The demo is seeded relative to its day: two sandboxes seeded for
        # the same instant hold the same objects, whenever each started.
        at = "--seed-time=2026-12-07T09:00:00Z"
        a, b = Sandbox("--admin", at), Sandbox("--admin", at)
        try:
            self.assertNotEqual(a.secret, b.secret)
            for kind in ("store", "target_merchant", "service_category", "service", "program",
                         "fx_rate", "payout"):
                _, da = a.admin("GET", "/sandbox/objects?type=" + kind)
                _, db = b.admin("GET", "/sandbox/objects?type=" + kind)
                self.assertEqual(da["objects"], db["objects"], kind)
            _, da = a.admin("GET", "/sandbox/objects")
            _, db = b.admin("GET", "/sandbox/objects")
            self.assertEqual(len(da["objects"]), len(db["objects"]))
            self.assertEqual(da["last_seq"], db["last_seq"])
        finally:
            a.cleanup()
            b.cleanup()

    def test_seed_time_is_checked(self):
        data_dir = tempfile.mkdtemp(prefix="pd-sandbox-test-")
        try:
            proc = subprocess.run([SANDBOX, "--listen", "127.0.0.1:0", "--data", data_dir,
                                   "--seed-time", "yesterday"], capture_output=True, timeout=30)
            self.assertNotEqual(proc.returncode, 0)
            self.assertIn(b"--seed-time", proc.stderr)
            self.assertFalse(os.path.exists(os.path.join(data_dir, "sandbox.db")))
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)

    def test_refuses_non_loopback(self):
        data_dir = tempfile.mkdtemp(prefix="pd-sandbox-test-")
        try:
            for address in ("0.0.0.0:0", "192.0.2.1:0", "example.com:80", "127.0.0.1"):
                proc = subprocess.run([SANDBOX, "--listen", address, "--data", data_dir],
                                      capture_output=True, timeout=30)
                self.assertNotEqual(proc.returncode, 0, address)
                self.assertEqual(proc.stdout, b"")
                self.assertIn(b"--listen", proc.stderr)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: test-sandbox.py PATH/TO/partnerdesk-sandbox [unittest args]")
    SANDBOX = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
