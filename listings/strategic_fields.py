"""Strategic fields: the seed taxonomy and the pure tagging rules.

A field's rules are IPC prefixes and keywords. A listing (or need) belongs to
a field when any of its IPC symbols falls under one of the field's prefixes,
or one of the field's keywords occurs in its text. No database here: the
services in :mod:`listings.services` load the rules and write the tags.

Prefix syntax (matched against canonical symbols of :func:`normalize_ipc`):

* ``G``, ``G06``, ``G06N`` — a section, class or subclass: every symbol in it;
* ``G06N 10`` (stored as ``G06N 10/00``) — the main group with all its
  subgroups;
* ``H04B 10/70`` — that subgroup and the subgroups whose number extends it
  (``10/70``, ``10/700``…), the usual reading of IPC's decimal subgroups.

Keywords: case-insensitive, after NFKC (full-width letters fold to
half-width). A keyword in Latin letters/digits matches as a whole word
(``AI`` does not match "maintain"); any other keyword (Japanese) matches as
a substring.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from .numbers import IPCError, normalize_ipc

_ASCII_WORD_RE = re.compile(r"^[\x20-\x7e]+$")


def normalize_rule_prefix(raw: str) -> str:
    """The canonical form of an IPC prefix rule; IPCError when it is not one."""
    text = unicodedata.normalize("NFKC", raw or "").strip().upper()
    if not text:
        raise IPCError("empty IPC prefix")
    return normalize_ipc(text)


def normalize_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


_TOKEN_RE = re.compile(r"[a-z0-9]+")


class _KeywordScanner:
    """Every field's keywords, found in a text in one cheap pass.

    Latin single words: a set intersection with the text's words. Latin
    phrases: their first word must be among the text's words, then a
    bounded regex confirms the phrase. Other keywords (Japanese):
    substring tests, which CPython answers at once for an ASCII text. (A
    regex alternation of all keywords was ~10x slower on 19,000 listings.)
    """

    def __init__(self) -> None:
        self._fields: dict[str, set[int]] = {}
        self._single: set[str] = set()
        self._phrases: list[tuple[str, str, re.Pattern]] = []
        self._other: list[str] = []

    def add(self, field_id: int, raw: str) -> None:
        word = normalize_text(raw).strip()
        if not word:
            return
        if word not in self._fields:
            if not _ASCII_WORD_RE.match(word):
                self._other.append(word)
            elif _TOKEN_RE.fullmatch(word):
                self._single.add(word)
            else:
                tokens = _TOKEN_RE.findall(word)
                if not tokens:
                    return
                bounded = re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")
                self._phrases.append((word, tokens[0], bounded))
        self._fields.setdefault(word, set()).add(field_id)

    def scan(self, norm: str) -> dict[int, str]:
        """Field id -> a keyword of that field found in normalised text."""
        found: dict[int, str] = {}

        def hit(word: str) -> None:
            for field_id in self._fields[word]:
                found.setdefault(field_id, word)

        if not norm:
            return found
        words = set(_TOKEN_RE.findall(norm))
        for word in sorted(words & self._single):
            hit(word)
        for word, first, bounded in self._phrases:
            if first in words and word in norm and bounded.search(norm):
                hit(word)
        for word in self._other:
            if word in norm:
                hit(word)
        return found


@dataclass
class FieldRule:
    """One field's rules, as read from the database or the seed data."""

    id: int
    ipc_prefixes: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


class RuleSet:
    """Compiled rules of many fields: IPC lookups by level, one regex per field."""

    def __init__(self, rules: Iterable[FieldRule]) -> None:
        self.field_ids: set[int] = set()
        # "G", "G06", "G06N" -> field ids
        self._upper: dict[str, set[int]] = {}
        # ("G06N", "10") -> field ids (whole main group)
        self._group: dict[tuple[str, str], set[int]] = {}
        # ("H04B", "10") -> [(subgroup digits, field id)]
        self._subgroup: dict[tuple[str, str], list[tuple[str, int]]] = {}
        self._keywords = _KeywordScanner()
        for rule in rules:
            self.field_ids.add(rule.id)
            for raw in rule.ipc_prefixes:
                try:
                    prefix = normalize_rule_prefix(raw)
                except IPCError:
                    continue  # the admin form refuses these; never crash a tagger
                if " " not in prefix:
                    self._upper.setdefault(prefix, set()).add(rule.id)
                    continue
                subclass, rest = prefix.split(" ", 1)
                group, sub = rest.split("/", 1)
                if sub == "00":
                    self._group.setdefault((subclass, group), set()).add(rule.id)
                else:
                    self._subgroup.setdefault((subclass, group), []).append(
                        (sub, rule.id)
                    )
            for keyword in rule.keywords:
                self._keywords.add(rule.id, keyword)

    def match_ipc(self, code: str) -> set[int]:
        """The fields whose prefixes cover one canonical IPC symbol."""
        found: set[int] = set()
        head = code.split(" ", 1)[0]
        for length in (1, 3, 4):
            if len(head) >= length:
                found |= self._upper.get(head[:length], set())
        if " " in code and "/" in code:
            group, sub = code.split(" ", 1)[1].split("/", 1)
            key = (head, group)
            found |= self._group.get(key, set())
            for digits, field_id in self._subgroup.get(key, ()):
                if sub.startswith(digits):
                    found.add(field_id)
        return found

    def match_text(self, text: str) -> set[int]:
        """The fields one of whose keywords occurs in the (unnormalised) text."""
        if not text:
            return set()
        return set(self._keywords.scan(normalize_text(text)))

    def explain_text(self, text: str) -> dict[int, str]:
        """Field id -> the keyword that matched, for explanations and tests."""
        return self._keywords.scan(normalize_text(text))


def match_strategic_fields(
    rules: RuleSet, *, ipc_codes: Iterable[str] = (), text: str = ""
) -> set[int]:
    """The ids of the fields the IPC symbols or the text belong to.

    ``ipc_codes`` must be canonical (as stored); unparseable ones are skipped.
    """
    found: set[int] = set()
    for code in ipc_codes:
        if code:
            found |= rules.match_ipc(code)
    return found | rules.match_text(text)


# --- the seed taxonomy ---------------------------------------------------------
#
# Japan's growth strategy (日本成長戦略, 2025) names 17 strategic fields. The
# IPC prefixes are chosen from the IPC titles (checked against the IPC
# 2019.01 scheme in ../shared/data/classification; H10B/H10K/H10N (2023.01),
# H10D/H10F/H10H (2025.01), G06V (2022.01), B64U (2023.01) and H04L 63
# (2022.01) are newer and are named for symbols assigned today). Keywords are
# added only where IPC has no place for the field or a place far too broad.

GROWTH_STRATEGY_2025: list[dict] = [
    {
        "slug": "ai-semiconductor",
        "name_ja": "AI・半導体",
        "name_en": "AI and semiconductors",
        "ipc_prefixes": [
            "G06N 3",
            "G06N 5",
            "G06N 7",
            "G06N 20",
            "G06V",
            "G10L 15",
            "H01L",
            "H10B",
            "H10D",
            "H10K",
            "H10N",
            "G11C",
            "G03F 7",
        ],
        "keywords": [
            "人工知能",
            "機械学習",
            "深層学習",
            "ディープラーニング",
            "ニューラルネットワーク",
            "生成AI",
            "artificial intelligence",
            "machine learning",
            "deep learning",
            "neural network",
        ],
        "description": (
            "AI: G06N 3 (biological models, i.e. neural networks), G06N 5 "
            "(knowledge-based), G06N 7 (mathematical models, e.g. probabilistic), "
            "G06N 20 (machine learning), G06V (image/video recognition, 2022) and "
            "G10L 15 (speech recognition); G06N 10 (quantum computers) is left to "
            "the quantum field. Semiconductors: H01L (semiconductor devices and "
            "their manufacture), its 2023/2025 successors H10B (memory), H10D "
            "(inorganic devices), H10K (organic devices), H10N (other solid-state "
            "devices), G11C (memory circuits) and G03F 7 (photolithography, "
            "resists). Keywords catch AI described in application IPCs "
            "(medical imaging, control…)."
        ),
    },
    {
        "slug": "shipbuilding",
        "name_ja": "造船",
        "name_en": "Shipbuilding",
        "ipc_prefixes": ["B63B", "B63H", "B63J", "B63C 1", "B63C 3", "B63C 5"],
        "keywords": ["造船", "船体", "shipbuilding", "ship hull"],
        "description": (
            "B63B (ships and their equipment, hull design and construction, "
            "B63B 9 ship building methods), B63H (marine propulsion and "
            "steering), B63J (auxiliaries on vessels) and B63C 1–5 (launching, "
            "hauling-out, dry-docking: the shipyard). Submarines and naval "
            "arrangements (B63G) belong to defence, underwater work (B63C 11) "
            "to ocean."
        ),
    },
    {
        "slug": "quantum",
        "name_ja": "量子",
        "name_en": "Quantum technology",
        "ipc_prefixes": [
            "G06N 10",
            "B82Y 10",
            "H10N 60",
            "H01L 39",
            "H04B 10/70",
        ],
        "keywords": [
            "量子コンピュータ",
            "量子計算",
            "量子ビット",
            "量子暗号",
            "量子通信",
            "量子鍵配送",
            "量子センサ",
            "量子もつれ",
            "quantum computing",
            "quantum computer",
            "qubit",
            "qubits",
            "quantum key distribution",
            "quantum sensor",
            "quantum sensing",
            "quantum entanglement",
        ],
        "description": (
            "G06N 10 (quantum computers), B82Y 10 (nanotechnology for "
            "information processing, e.g. quantum computing), H10N 60 "
            "(superconducting devices, 2023; H01L 39 before) for "
            "superconducting qubits, H04B 10/70 (photonic quantum "
            "communication); quantum key distribution has no IPC 2019 "
            "subgroup of its own (H04L 9/08 is all key distribution): keywords. "
            "The bare word 量子/quantum is not a keyword: 量子化 "
            "(quantisation), quantum dots and quantum wells are other fields."
        ),
    },
    {
        "slug": "synthetic-biology",
        "name_ja": "合成生物学・バイオ",
        "name_en": "Synthetic biology and biotechnology",
        "ipc_prefixes": ["C12N", "C12P", "C12Q", "C12M", "C40B", "G16B", "A01H"],
        "keywords": [
            "合成生物学",
            "ゲノム編集",
            "バイオものづくり",
            "synthetic biology",
            "genome editing",
            "CRISPR",
            "biomanufacturing",
        ],
        "description": (
            "C12N (microorganisms, enzymes, genetic engineering C12N 15, cell "
            "culture C12N 5), C12P (fermentation / enzymatic synthesis: "
            "bio-manufacturing), C12Q (nucleic-acid and enzyme assays), C12M "
            "(bioreactors), C40B (combinatorial libraries), G16B "
            "(bioinformatics) and A01H (new plants, plant tissue culture)."
        ),
    },
    {
        "slug": "aerospace",
        "name_ja": "航空・宇宙",
        "name_en": "Aviation and space",
        "ipc_prefixes": ["B64", "F02K", "G01S 19", "H04B 7/185"],
        "keywords": [
            "人工衛星",
            "ロケット",
            "航空機",
            "宇宙機",
            "satellite",
            "spacecraft",
            "aircraft",
            "rocket",
        ],
        "description": (
            "Class B64 (aircraft, aviation, cosmonautics: B64C aeroplanes and "
            "helicopters, B64D aircraft equipment, B64F ground installations, "
            "B64G spacecraft, B64U drones from 2023), F02K (jet and rocket "
            "engines), G01S 19 (satellite positioning) and H04B 7/185 "
            "(space-based and airborne stations)."
        ),
    },
    {
        "slug": "digital-cybersecurity",
        "name_ja": "デジタル・サイバーセキュリティ",
        "name_en": "Digital and cybersecurity",
        "ipc_prefixes": ["G06F 21", "H04L 9", "H04L 63", "H04W 12", "G09C", "H04K 1"],
        "keywords": [
            "サイバーセキュリティ",
            "サイバー攻撃",
            "マルウェア",
            "不正アクセス",
            "ブロックチェーン",
            "cybersecurity",
            "cyber security",
            "cyberattack",
            "malware",
            "intrusion detection",
            "blockchain",
        ],
        "description": (
            "G06F 21 (security arrangements protecting computers, programs or "
            "data), H04L 9 (secret or secure communication, cryptography), "
            "H04L 63 (network security, 2022; H04L 29/06 before, which is too "
            "broad to use), H04W 12 (wireless security and authentication), G09C "
            "(ciphering apparatus) and H04K 1 (secret communication). "
            "'Digital' as a whole is no IPC place: keywords name its "
            "security-critical parts."
        ),
    },
    {
        "slug": "content",
        "name_ja": "コンテンツ",
        "name_en": "Content (games, anime, media)",
        "ipc_prefixes": [
            "A63F",
            "H04N 21",
            "G06T 13",
            "G06T 15",
            "G06T 19",
            "G10H",
            "A63J",
        ],
        "keywords": [
            "アニメ",
            "ゲーム",
            "漫画",
            "マンガ",
            "メタバース",
            "映像コンテンツ",
            "anime",
            "video game",
            "manga",
            "metaverse",
        ],
        "description": (
            "A63F (video and other games), H04N 21 (selective content "
            "distribution, video on demand), G06T 13 (animation), G06T 15 "
            "(3D rendering) and G06T 19 (manipulating 3D models, VR/AR), G10H "
            "(electronic musical instruments) and A63J (theatre devices). "
            "Content itself (stories, characters) is no technology; keywords "
            "catch listings about it."
        ),
    },
    {
        "slug": "foodtech",
        "name_ja": "フードテック",
        "name_en": "Food tech",
        "ipc_prefixes": ["A23J", "A23L", "A23P", "A01G 31", "A01G 9/24"],
        "keywords": [
            "フードテック",
            "代替肉",
            "培養肉",
            "代替タンパク",
            "植物工場",
            "昆虫食",
            "food tech",
            "foodtech",
            "cultured meat",
            "plant-based meat",
            "alternative protein",
            "vertical farming",
        ],
        "description": (
            "A23J (protein compositions: alternative proteins, texturising), "
            "A23L (foods and their preparation, nutrition A23L 33), A23P "
            "(shaping of foodstuffs, e.g. 3D food printing), A01G 31 "
            "(hydroponics) and A01G 9/24 (greenhouse climate control: plant "
            "factories). Cultured meat has no IPC place of its own (it sits "
            "in C12N 5 beside regenerative medicine): keywords."
        ),
    },
    {
        "slug": "energy-gx",
        "name_ja": "資源・エネルギー安全保障・GX",
        "name_en": "Resource and energy security, GX",
        "ipc_prefixes": [
            "H01M",
            "H02J 3",
            "H02J 7",
            "H02J 15",
            "H02S",
            "H10F",
            "H01L 31/04",
            "F03D",
            "F24S",
            "C01B 3",
            "C25B 1",
            "F17C",
            "C10L 3",
            "B01D 53/62",
            "C01B 32/50",
            "G21C",
            "G21D",
        ],
        "keywords": [
            "カーボンニュートラル",
            "脱炭素",
            "再生可能エネルギー",
            "水素エネルギー",
            "水素製造",
            "水素貯蔵",
            "CO2回収",
            "二酸化炭素回収",
            "蓄電池",
            "carbon neutral",
            "decarbonization",
            "renewable energy",
            "hydrogen production",
            "hydrogen storage",
            "carbon capture",
            "energy storage",
        ],
        "description": (
            "H01M (batteries and fuel cells), H02J 3/7/15 (grids, charging, "
            "storage of electric energy), H02S and H10F/H01L 31/04 "
            "(photovoltaics), F03D (wind), F24S (solar heat), C01B 3 and "
            "C25B 1 (hydrogen and electrolytic production), F17C (LNG and "
            "hydrogen vessels), C10L 3 (gaseous fuels), B01D 53/62 and "
            "C01B 32/50 (CO2 capture), G21C/G21D (fission reactors and plants). "
            "Bare 水素/hydrogen is not a keyword: hydrogen bonds and "
            "hydrogenation are chemistry."
        ),
    },
    {
        "slug": "disaster-resilience",
        "name_ja": "防災・国土強靱化",
        "name_en": "Disaster prevention and national resilience",
        "ipc_prefixes": [
            "E04H 9",
            "E04B 1/98",
            "E02D 17",
            "E02B 3",
            "E02B 7",
            "E01F 7",
            "E04G 23",
            "G01M 5",
            "G01V 1",
            "G08B 21/10",
            "A62B",
        ],
        "keywords": [
            "防災",
            "減災",
            "耐震",
            "免震",
            "制震",
            "津波",
            "土砂災害",
            "国土強靱化",
            "避難",
            "disaster prevention",
            "earthquake",
            "tsunami",
            "landslide",
            "flood control",
            "evacuation",
            "seismic isolation",
        ],
        "description": (
            "E04H 9 (buildings withstanding earthquakes, floods, storms), "
            "E04B 1/98 (protection against vibrations and shocks: seismic "
            "isolation), E02D 17 (embankments, slope works), E02B 3 and E02B 7 "
            "(river and coast protection, barrages), E01F 7 (protection against "
            "rockfall and avalanches), E04G 23 (repair and reinforcement of "
            "existing buildings), G01M 5 (structural inspection of bridges "
            "etc.), G01V 1 (seismology), G08B 21/10 (alarms for calamitous "
            "events) and A62B (life-saving)."
        ),
    },
    {
        "slug": "drug-discovery-medicine",
        "name_ja": "創薬・先端医療",
        "name_en": "Drug discovery and advanced medicine",
        "ipc_prefixes": [
            "A61P",
            "A61K 9",
            "A61K 31",
            "A61K 35",
            "A61K 38",
            "A61K 39",
            "A61K 47",
            "A61K 48",
            "A61K 49",
            "A61K 51",
            "C07K 16",
            "A61L 27/38",
            "A61B 34",
            "A61N 5",
            "G16H 50",
        ],
        "keywords": [
            "創薬",
            "再生医療",
            "iPS細胞",
            "遺伝子治療",
            "細胞治療",
            "抗体医薬",
            "核酸医薬",
            "drug discovery",
            "regenerative medicine",
            "gene therapy",
            "cell therapy",
            "antibody drug",
        ],
        "description": (
            "A61P (therapeutic activity: the mark of a drug), A61K 9/31/35/38/"
            "39/47/48/49/51 (medicinal preparations: dosage forms, organic "
            "actives, cells and tissues, peptides, vaccines and antibodies, "
            "carriers/DDS, gene therapy, in-vivo diagnostics, "
            "radiopharmaceuticals; not A61K 8, cosmetics), C07K 16 (antibodies), "
            "A61L 27/38 (cell-based implants), A61B 34 (surgical robots), "
            "A61N 5 (radiation and particle therapy) and G16H 50 (medical "
            "diagnosis by ICT)."
        ),
    },
    {
        "slug": "fusion-energy",
        "name_ja": "フュージョンエネルギー",
        "name_en": "Fusion energy",
        "ipc_prefixes": ["G21B", "H05H 1/02", "H05H 1/12", "H05H 1/22"],
        "keywords": [
            "核融合",
            "フュージョン",
            "トカマク",
            "ヘリカル型",
            "fusion reactor",
            "fusion energy",
            "nuclear fusion",
            "tokamak",
            "stellarator",
            "inertial confinement",
        ],
        "description": (
            "G21B (fusion reactors: G21B 1 thermonuclear, blanket/divertor "
            "G21B 1/13, targets G21B 1/19), and the plasma confinement and "
            "heating of H05H 1/02, 1/12 (closed-loop containment, e.g. "
            "stellarator) and 1/22 (injection heating). Superconducting "
            "magnets (H01F 6) also serve MRI and are left out."
        ),
    },
    {
        "slug": "materials",
        "name_ja": "マテリアル（重要鉱物・部素材）",
        "name_en": "Materials (critical minerals, components)",
        "ipc_prefixes": [
            "C22B",
            "C22C",
            "C01F 17",
            "C01G",
            "C01D 15",
            "H01F 1",
            "B22F",
            "C04B 35",
            "C30B",
            "C01B 32/15",
            "C08J 5/04",
            "D01F 9/12",
        ],
        "keywords": [
            "重要鉱物",
            "レアアース",
            "希土類",
            "レアメタル",
            "critical mineral",
            "critical minerals",
            "rare earth",
            "rare earths",
            "rare metal",
        ],
        "description": (
            "C22B (production, refining and recycling of metals, rare earths "
            "C22B 59), C22C (alloys), C01F 17 (rare-earth compounds), C01G "
            "(compounds of cobalt, nickel, manganese…), C01D 15 (lithium "
            "compounds), H01F 1 (magnetic materials, e.g. Nd-Fe-B), B22F "
            "(powder metallurgy), C04B 35 (ceramics), C30B (single crystals, "
            "wafers), C01B 32/15 (nano-carbon), C08J 5/04 (fibre-reinforced "
            "composites) and D01F 9/12 (carbon fibre)."
        ),
    },
    {
        "slug": "port-logistics",
        "name_ja": "港湾ロジスティクス",
        "name_en": "Port logistics",
        "ipc_prefixes": [
            "B65G 63",
            "B65G 67/60",
            "B66C 19",
            "B63B 27",
            "E02B 3/20",
            "G08G 3",
            "B65D 88",
        ],
        "keywords": [
            "港湾",
            "コンテナターミナル",
            "岸壁",
            "荷役",
            "port logistics",
            "container terminal",
            "harbour",
            "harbor",
            "quay",
        ],
        "description": (
            "B65G 63 (trans-shipping at harbours and yards), B65G 67/60 "
            "(loading or unloading ships), B66C 19 (gantry cranes: container "
            "cranes), B63B 27 (ship-based cargo handling), E02B 3/20 (harbour "
            "equipment, bollards), G08G 3 (marine traffic control) and "
            "B65D 88 (large containers). Logistics IT (G06Q 10/08) is general; "
            "keywords mark port-specific listings."
        ),
    },
    {
        "slug": "defense",
        "name_ja": "防衛産業",
        "name_en": "Defence industry",
        "ipc_prefixes": ["F41", "F42B", "F42C", "B63G", "B64D 7", "C06B", "H04K 3"],
        "keywords": [
            "防衛装備",
            "防衛産業",
            "自衛隊",
            "defense industry",
            "defence industry",
            "military",
        ],
        "description": (
            "Class F41 (weapons, armour, aiming), F42B/F42C (ammunition, "
            "fuzes; F42D blasting is mining), B63G (naval arms, submarines, "
            "mine-sweeping), B64D 7 (military equipment in aircraft), C06B "
            "(explosive compositions) and H04K 3 (jamming). Dual-use sensing "
            "(radar G01S 13) is not tagged by IPC: it is mostly civil."
        ),
    },
    {
        "slug": "ict",
        "name_ja": "情報通信",
        "name_en": "Information and communications",
        "ipc_prefixes": [
            "H04B",
            "H04J",
            "H04L",
            "H04M",
            "H04Q",
            "H04W",
            "H01Q",
            "H01P",
            "G02B 6",
        ],
        "keywords": [
            "Beyond 5G",
            "5G",
            "6G",
            "光通信",
            "無線通信",
            "optical communication",
            "wireless communication",
        ],
        "description": (
            "The telecommunication subclasses of H04: H04B (transmission), "
            "H04J (multiplexing), H04L (digital transmission, networks), "
            "H04M (telephony), H04Q (selecting), H04W (wireless networks); "
            "with H01Q (antennas), H01P (waveguides) and G02B 6 (optical "
            "fibres). TV and audio (H04N, H04R) are content and devices, "
            "not networks."
        ),
    },
    {
        "slug": "ocean",
        "name_ja": "海洋",
        "name_en": "Ocean",
        "ipc_prefixes": [
            "B63C 11",
            "B63B 35/44",
            "E02B 17",
            "E21C 50",
            "F03B 13/14",
            "F03B 13/26",
            "F03G 7/05",
            "G01V 1/38",
            "G01C 13",
            "G01S 15",
            "H04B 11",
            "H04B 13/02",
            "A01K 61",
            "A01G 33",
        ],
        "keywords": [
            "海洋",
            "海底",
            "深海",
            "洋上風力",
            "養殖",
            "水中ロボット",
            "水中ドローン",
            "ocean",
            "marine",
            "subsea",
            "seabed",
            "offshore",
            "underwater",
            "aquaculture",
        ],
        "description": (
            "B63C 11 (underwater work and search), B63B 35/44 (floating "
            "platforms), E02B 17 (offshore platforms), E21C 50 (seabed "
            "mining), F03B 13/14 and 13/26 (wave and tidal power), F03G 7/05 "
            "(ocean thermal energy), G01V 1/38 (marine seismic survey), G01C 13 "
            "(surveying at sea), G01S 15 (sonar), H04B 11 and 13/02 "
            "(underwater acoustic communication), A01K 61 (aquaculture) and "
            "A01G 33 (seaweed cultivation)."
        ),
    },
]
