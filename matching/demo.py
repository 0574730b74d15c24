"""Demo needs of the demo companies, and proposals made by the real job.

``seed(context)`` is one step of ``marketplace_seed_demo``: idempotent (needs
are keyed by external id ``demo-N``; the job upserts pairs), written in the
companies' own words, never copied from the shared data.
"""

from __future__ import annotations

from .models import Match, MatchStatus, Need
from .services import match_approve, match_run_full, need_create

# (company slug, title, problem, IPC codes, license types)
NEEDS = [
    (
        "sakura-battery",
        "安全な全固体電池向けの固体電解質",
        "発火しにくい車載用電池を開発したい。大気中で扱える硫化物系の固体電解質を探している。",
        ["H01M 10/0562"],
        ["non_exclusive", "exclusive_contract"],
    ),
    (
        "sakura-battery",
        "水素を小型・低圧で貯蔵したい",
        "非常用電源として、低い圧力で安全に水素を貯められる小型タンクの技術が必要。",
        ["F17C 11/00"],
        ["non_exclusive"],
    ),
    (
        "sakura-battery",
        "太陽電池の封止で耐久性を上げたい",
        "フレキシブル太陽電池モジュールの水分劣化を防ぐ封止構造を探しています。",
        [],
        ["non_exclusive", "option"],
    ),
    (
        "hamamatsu-seimitsu",
        "半導体ウエハの微小欠陥を高速検査したい",
        "パターン付きウエハの欠陥検査のスループットを上げたい。光学式で微小な欠陥を見つける方法を探している。",
        ["G01N 21/95"],
        ["non_exclusive"],
    ),
    (
        "hamamatsu-seimitsu",
        "構造物のひずみを光ファイバで測りたい",
        "橋梁やトンネルのひずみを長距離にわたって分布計測できるセンサ技術。",
        ["G01B 11/16"],
        ["non_exclusive"],
    ),
    (
        "hamamatsu-seimitsu",
        "アルミと鋼を割れなく接合したい",
        "Joining aluminium to steel for lightweight frames without brittle intermetallic layers.",
        ["B23K 20/12"],
        ["non_exclusive", "exclusive_contract"],
    ),
    (
        "hamamatsu-seimitsu",
        "モーターの鉄損を減らす磁性材料",
        "小型モーターの効率を上げるため、鉄損の少ない軟磁性材料を探している。",
        [],
        ["non_exclusive"],
    ),
    (
        "minato-agritech",
        "機能性成分の多いトマト品種",
        "ゲノム編集などで機能性成分を高めたトマトを栽培・販売したい。",
        [],
        ["exclusive_contract", "non_exclusive"],
    ),
    (
        "minato-agritech",
        "カキ養殖場の水質モニタリング",
        "養殖いかだの水温・塩分・酸素をリアルタイムに見守り、出荷の判断に使いたい。",
        [],
        ["non_exclusive"],
    ),
    (
        "kansai-medical-devices",
        "カテーテルに載る極細の血流センサ",
        "血管内で血流を測る、カテーテル先端に実装できる微小センサが欲しい。",
        ["A61B 5/026"],
        ["exclusive", "exclusive_contract"],
    ),
    (
        "kansai-medical-devices",
        "医用画像の異常検知AI",
        "正常画像が少なくても学習できる画像診断支援のAIを製品に組み込みたい。",
        ["G06T 7/00"],
        ["non_exclusive"],
    ),
    (
        "kansai-medical-devices",
        "Needle-free vaccine delivery",
        "We look for a dissolving microneedle patch to deliver vaccines without needles.",
        ["A61M 37/00"],
        ["exclusive_contract"],
    ),
    (
        "hokuriku-materials",
        "バイオマス樹脂の強度を上げたい",
        "セルロースナノファイバーで樹脂を補強し、自動車部品に使える強度を得たい。",
        ["C08L 1/02"],
        ["non_exclusive"],
    ),
    (
        "hokuriku-materials",
        "鉛を含まない低温焼成の釉薬",
        "陶磁器の製造で鉛を使わず、低い温度で焼ける釉薬を探している。",
        [],
        ["non_exclusive"],
    ),
    (
        "tsukuba-quantum",
        "配送ルートの高速最適化",
        "多拠点の配送計画を短時間で最適化したい。量子アニーリングの活用も検討している。",
        ["G06Q 10/04"],
        ["non_exclusive", "research_free"],
    ),
    (
        "setouchi-marine",
        "海で分解するプラスチック",
        "漁具や包装に使える、海洋で分解するバイオプラスチックを探している。",
        [],
        ["non_exclusive"],
    ),
    (
        "setouchi-marine",
        "CO2 capture from humid exhaust",
        "Capture carbon dioxide from the humid exhaust gas of ship engines with a porous adsorbent.",
        ["B01D 53/04"],
        ["option"],
    ),
]


def seed(context: dict, stdout=None) -> dict:
    """Create the demo needs, run the matching job, and send a few approved matches."""
    from accounts.models import Organization

    admin = context.get("users", {}).get("admin@example.jp")
    created = 0
    for number, (slug, title, problem, ipc, license_types) in enumerate(NEEDS, 1):
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            continue
        external_id = f"demo-{number}"
        if Need.objects.filter(
            organization=organization, external_id=external_id
        ).exists():
            continue
        need_create(
            organization=organization,
            by=None,
            data={
                "external_id": external_id,
                "title": title,
                "problem": problem,
                "license_types": license_types,
                "region": organization.prefecture,
            },
            ipc_codes=ipc,
        )
        created += 1
    run = match_run_full()
    sent = 0
    if admin is not None:
        # Each demo company gets its best proposal sent, once.
        for slug in ("hamamatsu-seimitsu", "sakura-battery"):
            already = Match.objects.filter(
                need__organization__slug=slug,
                need__external_id__startswith="demo-",
            ).exclude(status=MatchStatus.PROPOSED)
            if already.exists():
                continue
            best = (
                Match.objects.filter(
                    need__organization__slug=slug,
                    need__external_id__startswith="demo-",
                    status=MatchStatus.PROPOSED,
                )
                .order_by("-score")
                .first()
            )
            if best is not None:
                match_approve(
                    match=best,
                    by=admin,
                    note_to_company="ご要望に近い技術です。ぜひご検討ください。",
                )
                sent += 1
    if stdout is not None:
        stdout.write(
            f"matching: {created} demo needs created; "
            f"{Match.objects.count()} proposals stored"
            + (f" (run {run.pk})" if run else "")
            + f"; {sent} sent"
        )
    return context
