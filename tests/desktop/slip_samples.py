"""Realistic services for slip tests and pictures: what counsellors actually hand over."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from tests.records import access, service, worry

# Thursday 2026-11-26, 14:00 in Tokyo: the date the pictures in docs/slips/ show.
NOW = datetime(2026, 11, 26, 14, 0)

DAILY = "MO,TU,WE,TH,FR,SA,SU"


def weekly(byday: str, opens: str, closes: str, **extra: Any) -> dict[str, Any]:
    block = {"freq": "WEEKLY", "byday": byday, "opens_at": opens, "closes_at": closes, **extra}
    return {"id": f"sch-{uuid.uuid4().hex[:12]}", **block}


def five_services() -> list[dict[str, Any]]:
    return [
        service(
            "よりそいホットライン",
            sid="svc-kokoro",
            phones=["０１２０－２７９－３３８", "0120-279-226"],
            worries=["kodoku", "kokoro"],
            access_codes=["free", "anonymous", "channel-phone", "channel-sns"],
            url="https://example.org/yorisoi/chat",
            schedules=[weekly(DAILY, "00:00", "24:00")],
        ),
        service(
            "【デモ】伊達市 生活と仕事の相談窓口（自立相談支援）",
            sid="svc-jiritsu",
            phones=["0142-00-3331"],
            worries=["seikatsu", "shigoto"],
            access_codes=["free", "channel-visit"],
            email="soudan@example.jp",
            schedules=[
                weekly("MO,TU,WE,TH,FR", "08:30", "17:15", description="祝日・年末年始は休み")
            ],
            service_at_locations=[
                {
                    "id": "sal-1",
                    "location": {
                        "id": "loc-1",
                        "location_type": "physical",
                        "name": "つなぎ会館 1階",
                        "addresses": [
                            {
                                "id": "adr-1",
                                "address_1": "鹿島町00-1",
                                "city": "伊達市",
                                "state_province": "北海道",
                                "postal_code": "052-0000",
                                "country": "JP",
                                "address_type": "physical",
                            }
                        ],
                    },
                }
            ],
        ),
        service(
            "【デモ】つながるカフェ ひだまり",
            sid="svc-ibasho",
            phones=["0120-000-678"],
            worries=["ibasho", "kodoku"],
            access_codes=["channel-visit"],
            cost_options=[{"id": "c1", "option": "参加費", "amount": 0, "currency": "JPY"}],
            schedules=[
                {
                    "id": "sch-cafe-1",
                    "freq": "MONTHLY",
                    "byday": "2SA",
                    "opens_at": "10:00",
                    "closes_at": "12:00",
                },
                {
                    "id": "sch-cafe-2",
                    "freq": "MONTHLY",
                    "byday": "-1FR",
                    "opens_at": "18:00",
                    "closes_at": "20:30",
                },
            ],
        ),
        service(
            "【デモ】夜間の話し相手ダイヤル",
            sid="svc-night",
            phones=["0570-000-556"],
            worries=["kodoku"],
            access_codes=["anonymous"],
            schedules=[weekly("MO,WE,FR", "22:00", "06:00")],
        ),
        service(
            "【デモ】ひきこもり地域支援センター",
            sid="svc-demo",
            phones=["0123-00-6789"],
            worries=["hikikomori"],
            url="https://example.org/hikikomori",
            schedules=[
                weekly("MO,TU,WE,TH,FR", "09:00", "17:00"),
                weekly("SA,SU", "10:00", "16:00"),
            ],
        ),
    ]


def sensitive_services() -> list[dict[str, Any]]:
    """DV, suicide and abuse lines: the discreet card must not say what they are."""
    return [
        service(
            "DV相談ナビ（配偶者暴力相談支援センター）",
            sid="svc-dv",
            phones=["#8008"],
            worries=["dv"],
            access_codes=["free", "anonymous"],
            url="https://example.org/dv",
            schedules=[weekly(DAILY, "00:00", "24:00", description="DV・性暴力の相談は祝日も受付")],
        ),
        service(
            "自殺予防 いのちの電話",
            sid="svc-inochi",
            phones=["0120-783-556"],
            worries=["shinitai"],
            schedules=[weekly(DAILY, "16:00", "21:00")],
        ),
        service(
            "児童虐待 189 いちはやく",
            sid="svc-189",
            phones=["189"],
            worries=["gyakutai"],
            schedules=[weekly(DAILY, "00:00", "24:00")],
        ),
        service(
            "性暴力被害ワンストップ支援センター",
            sid="svc-seiboryoku",
            phones=["＃８８９１"],
            worries=["dv", "hanzai"],
            schedules=[weekly("MO,TU,WE,TH,FR", "10:00", "17:00")],
            attributes=[worry("dv"), access("free")],
        ),
    ]
