#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The sandbox's TikTok Shop Open API (issue 17, open-api.md) as a client sees it.

Usage: test-sandbox-open-api.py PATH/TO/partnerdesk-sandbox

Reuses test-sandbox.py's Sandbox (start, stop, signed calls) for the /v1 and
admin endpoints, and signs the Open API's calls with the Open API app's key
and secret from the credentials line.
"""

import datetime
import decimal
import importlib.util
import json
import os
import sys
import time
import unittest
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("sandbox_harness", os.path.join(HERE, "test-sandbox.py"))
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)


class OpenApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sb = harness.Sandbox("--admin")
        cls.key = cls.sb.env["PD_OPEN_APP_KEY"]
        cls.secret = cls.sb.env["PD_OPEN_APP_SECRET"]
        _, dump = cls.sb.admin("GET", "/sandbox/objects?type=store")
        stores = [o["data"] for o in dump["objects"] if o["data"]["store_status"] == "normal"
                  and o["data"]["inventory_countries"]]
        cls.store = stores[0]
        cls.seller = cls.store["seller_id"]

    @classmethod
    def tearDownClass(cls):
        cls.sb.cleanup()

    # helpers

    def link(self, seller=None, days=30):
        state = uuid.uuid4().hex
        status, _, created = self.sb.call("POST", "/v1/authorization-links", key=str(uuid.uuid4()),
                                          body={"service_id": "svc-eu-launch", "state": state,
                                                "seller_id": seller or self.seller,
                                                "duration_days": days})
        self.assertEqual(status, 201, created)
        return state

    def approve(self, state):
        status, answer = self.sb.admin("POST", "/sandbox/open-api/approve", {"state": state})
        self.assertEqual(status, 200, answer)
        return answer

    def token_get(self, code, secret=None):
        status, _, data = self.sb.raw("GET", "/api/v2/token/get", {
            "app_key": self.key, "app_secret": secret or self.secret,
            "auth_code": code, "grant_type": "authorized_code"})
        return status, json.loads(data)

    def connect(self):
        answer = self.approve(self.link())
        status, body = self.token_get(answer["code"])
        self.assertEqual(status, 200, body)
        return body["data"]

    def api(self, path, token, query=None, ts_offset=0, secret=None, body=None):
        query = dict(query or {})
        query["app_key"] = self.key
        query["timestamp"] = str(int(time.time()) + ts_offset)
        payload = json.dumps(body).encode() if body is not None else b""
        query["sign"] = harness.sign(secret or self.secret, path, query, payload)
        headers = {"x-tts-access-token": token}
        if body is not None:
            headers["Content-Type"] = "application/json"
        status, response, data = self.sb.raw("POST" if body is not None else "GET", path, query,
                                             payload, headers)
        return status, response, json.loads(data)

    # tests

    def test_code_flow(self):
        state = self.link()
        answer = self.approve(state)
        url = urllib.parse.urlsplit(answer["redirect_url"])
        params = urllib.parse.parse_qs(url.query)
        self.assertEqual(params["state"], [state])
        self.assertEqual(params["code"], [answer["code"]])
        status, body = self.token_get(answer["code"])
        self.assertEqual(status, 200, body)
        self.assertEqual(body["code"], 0)
        self.assertTrue(body["request_id"])
        data = body["data"]
        now = int(time.time())
        self.assertTrue(data["access_token"].startswith("TTP_"))
        self.assertAlmostEqual(data["access_token_expire_in"], now + 7 * 86400, delta=60)
        self.assertAlmostEqual(data["refresh_token_expire_in"], now + 30 * 86400, delta=60)
        self.assertTrue(data["open_id"])
        # The partner's feed now holds the authorization, ending when the
        # refresh token does, and the link is used.
        _, dump = self.sb.admin("GET", "/sandbox/objects?type=authorization")
        auth = next(o["data"] for o in dump["objects"] if o["id"] == answer["authorization_id"])
        self.assertEqual((auth["seller_id"], auth["service_id"], auth["state"]),
                         (self.seller, "svc-eu-launch", "active"))
        ends = datetime.datetime.fromisoformat(auth["expires_at"]).timestamp()
        self.assertAlmostEqual(ends, data["refresh_token_expire_in"], delta=5)
        _, dump = self.sb.admin("GET", "/sandbox/objects?type=link")
        self.assertEqual(next(o["data"]["state"] for o in dump["objects"] if o["id"] == state), "used")
        status, again = self.sb.admin("POST", "/sandbox/open-api/approve", {"state": state})
        self.assertNotEqual(status, 200, again)
        # The code works once.
        status, body = self.token_get(answer["code"])
        self.assertEqual((status, body["code"]), (400, 990001), body)

    def test_wrong_secret_and_unknown_code(self):
        answer = self.approve(self.link())
        status, body = self.token_get(answer["code"], secret="0" * 40)
        self.assertEqual((status, body["code"]), (401, 990002), body)
        self.assertNotIn("data", body)
        status, body = self.token_get("nope")
        self.assertEqual((status, body["code"]), (400, 990001), body)
        # Revoked or unknown links cannot be approved.
        status, answer = self.sb.admin("POST", "/sandbox/open-api/approve", {"state": "unknown"})
        self.assertEqual(status, 404, answer)

    def test_api_reads(self):
        tokens = self.connect()
        status, _, body = self.api("/authorization/202309/shops", tokens["access_token"])
        self.assertEqual(status, 200, body)
        shops = body["data"]["shops"]
        ids = [s["id"] for s in shops]
        self.assertIn(self.store["store_id"], ids)
        shop = shops[ids.index(self.store["store_id"])]
        for member in ("id", "name", "region", "seller_type", "cipher", "code"):
            self.assertIsInstance(shop[member], str, member)
        query = {"shop_cipher": shop["cipher"], "start_date_ge": "2026-11-01",
                 "end_date_lt": "2026-12-01"}
        status, _, body = self.api("/analytics/202405/shop/performance", tokens["access_token"], query)
        self.assertEqual(status, 200, body)
        interval = body["data"]["performance"]["intervals"][0]
        self.assertEqual(interval["gmv"]["currency"], self.store["gmv_currency"])
        status, _, body = self.api("/logistics/202309/warehouses", tokens["access_token"],
                                   {"shop_cipher": shop["cipher"]})
        self.assertEqual(status, 200, body)
        active = sorted(w["address"]["region_code"] for w in body["data"]["warehouses"]
                        if w["effect_status"] == "ENABLED")
        self.assertEqual(active, sorted(self.store["inventory_countries"]))
        self.assertTrue(any(w["effect_status"] == "DISABLED" for w in body["data"]["warehouses"]))
        status, _, body = self.api("/seller/202309/shops", tokens["access_token"])
        self.assertEqual(status, 200, body)
        self.assertIn(body["data"]["shops"][0]["status"], ("ACTIVE", "CLOSING", "CLOSED"))
        # GMV moves as the scenario advances.
        before = interval["gmv"]["amount"]
        for _ in range(5):
            self.sb.admin("POST", "/sandbox/advance", {"gmv_updates": 50})
        status, _, body = self.api("/analytics/202405/shop/performance", tokens["access_token"], query)
        _, dump = self.sb.admin("GET", "/sandbox/objects?type=store")
        now = next(o["data"] for o in dump["objects"] if o["id"] == self.store["store_id"])
        self.assertEqual(body["data"]["performance"]["intervals"][0]["gmv"]["amount"],
                         now["settled_gmv_30d"])
        self.assertIsInstance(before, str)

    def test_orders_search_pages(self):
        tokens = self.connect()
        status, _, body = self.api("/authorization/202309/shops", tokens["access_token"])
        shop = next(s for s in body["data"]["shops"] if s["id"] == self.store["store_id"])
        opened = int(datetime.datetime.fromisoformat(self.store["onboarded_at"]).timestamp())
        window = {"create_time_ge": opened, "create_time_lt": opened + 30 * 86400}
        orders, token, pages = [], "", 0
        while True:
            query = {"shop_cipher": shop["cipher"], "page_size": "2"}
            if token:
                query["page_token"] = token
            status, _, body = self.api("/order/202309/orders/search", tokens["access_token"], query,
                                       body=window)
            self.assertEqual(status, 200, body)
            orders += body["data"]["orders"]
            pages += 1
            token = body["data"]["next_page_token"]
            if not token:
                break
        self.assertGreater(pages, 1)
        self.assertEqual(len(orders), body["data"]["total_count"])
        paid = sum(decimal.Decimal(o["payment"]["total_amount"]) for o in orders
                   if o["status"] not in ("CANCELLED", "UNPAID"))
        _, dump = self.sb.admin("GET", "/sandbox/objects?type=store")
        now = next(o["data"] for o in dump["objects"] if o["id"] == self.store["store_id"])
        self.assertEqual(paid, decimal.Decimal(now["settled_gmv_30d"]))
        self.assertTrue(any(o["status"] == "CANCELLED" for o in orders))
        # The body is signed: another body, the same signature, refused.
        query = {"shop_cipher": shop["cipher"], "page_size": "2", "app_key": self.key,
                 "timestamp": str(int(time.time()))}
        query["sign"] = harness.sign(self.secret, "/order/202309/orders/search", query, b"{}")
        status, _, data = self.sb.raw("POST", "/order/202309/orders/search", query, b'{"x":1}',
                                      {"x-tts-access-token": tokens["access_token"],
                                       "Content-Type": "application/json"})
        self.assertEqual((status, json.loads(data)["code"]), (401, 106001))
        status, _, body = self.api("/order/202309/orders/search", tokens["access_token"],
                                   {"shop_cipher": shop["cipher"], "page_size": "2", "page_token": "zz"},
                                   body=window)
        self.assertEqual((status, body["code"]), (400, 990006), body)

    def test_signature_timestamp_token_checks(self):
        tokens = self.connect()
        token = tokens["access_token"]
        status, response, body = self.api("/authorization/202309/shops", token, secret="wrong")
        self.assertEqual((status, body["code"]), (401, 106001), body)
        status, response, body = self.api("/authorization/202309/shops", token, ts_offset=-400)
        self.assertEqual((status, body["code"]), (401, 36009004), body)
        self.assertTrue(response.getheader("Date"))
        status, _, body = self.api("/authorization/202309/shops", "TTP_nope")
        self.assertEqual((status, body["code"]), (401, 36009004), body)
        status, _, body = self.api("/logistics/202309/warehouses", token, {"shop_cipher": "ROW_x"})
        self.assertEqual((status, body["code"]), (403, 990005), body)

    def test_refresh_and_expiry(self):
        tokens = self.connect()
        status, _, data = self.sb.raw("GET", "/api/v2/token/refresh", {
            "app_key": self.key, "app_secret": self.secret,
            "refresh_token": tokens["refresh_token"], "grant_type": "refresh_token"})
        body = json.loads(data)
        self.assertEqual(status, 200, body)
        fresh = body["data"]["access_token"]
        self.assertNotEqual(fresh, tokens["access_token"])
        status, _, body = self.api("/authorization/202309/shops", tokens["access_token"])
        self.assertEqual((status, body["code"]), (401, 105002), body)
        status, _, body = self.api("/authorization/202309/shops", fresh)
        self.assertEqual(status, 200, body)

    def test_cancelled(self):
        tokens = self.connect()
        status, answer = self.sb.admin("POST", "/sandbox/open-api/cancel", {"open_id": tokens["open_id"]})
        self.assertEqual(status, 200, answer)
        status, _, body = self.api("/authorization/202309/shops", tokens["access_token"])
        self.assertEqual((status, body["code"]), (401, 105001), body)

    def test_rate_limit_and_override(self):
        tokens = self.connect()
        self.sb.admin("POST", "/sandbox/open-api/override",
                      {"path_prefix": "/logistics/", "status": 200, "body": "{\"code\":0,\"data\":[[[",
                       "times": 1})
        status, _, data = self.sb.raw("GET", "/logistics/202309/warehouses", {"app_key": self.key})
        self.assertEqual((status, data), (200, b"{\"code\":0,\"data\":[[["))
        status, _, body = self.api("/seller/202309/shops", tokens["access_token"])
        self.assertEqual(status, 200, body)


class OpenApiClockTest(OpenApiTest):
    """Its own sandbox: moving the clock would put the others' timestamps out."""

    def test_code_expires_after_30_minutes(self):
        answer = self.approve(self.link())
        self.sb.admin("POST", "/sandbox/clock", {"advance_seconds": 1801})
        status, body = self.token_get(answer["code"])
        self.assertEqual((status, body["code"]), (400, 990001), body)

    def test_rate_limited(self):
        sb = harness.Sandbox("--rate-limit", "2")
        try:
            statuses = []
            for _ in range(6):
                status, response, data = sb.raw("GET", "/authorization/202309/shops", {"app_key": "x"})
                statuses.append(status)
                if status == 429:
                    self.assertEqual(json.loads(data)["code"], 36009002)
                    self.assertEqual(response.getheader("Retry-After"), "1")
            self.assertIn(429, statuses)
        finally:
            sb.cleanup()


for name in [n for n in vars(OpenApiTest) if n.startswith("test_")]:
    setattr(OpenApiClockTest, name, None)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: test-sandbox-open-api.py PATH/TO/partnerdesk-sandbox [unittest args]")
    harness.SANDBOX = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
