"""The demo listings: invented technologies of the demo universities.

Written for this project (nothing here is copied from a patent gazette or
the reference data). Application, publication and registration numbers are
made up. Keys are compact; ``listings.demo`` turns each entry into the
arguments of ``listing_create`` and then walks the entry to its ``status``.

Entry keys: id, org, lang, status, title, invention, summary, overview,
purpose, effect, products, advantages, fields, functions, ipc, stage, trl,
license (default True), assign (default False), types, terms, support,
samples, impl / lic (track records yes/no/unknown), tier (default public),
age (days since creation), rights (list of: app, filed, pub, pub_date, reg,
status, expiry, co, country).
"""

# fmt: off
LISTINGS: list[dict] = [
    # --- 東京大学 (utokyo-tlo) ---------------------------------------------------
    {
        "id": "demo-001", "org": "utokyo-tlo", "lang": "ja", "status": "published",
        "title": "大気中で扱える全固体電池用の硫化物固体電解質",
        "invention": "硫化物固体電解質材料、その製造方法及び全固体リチウムイオン二次電池",
        "summary": "高いリチウムイオン伝導度と耐湿性を両立し、ドライルーム不要の製造を可能にする固体電解質",
        "overview": (
            "Li2S–P2S5系の硫化物固体電解質に酸素と微量のハロゲンを置換導入し、結晶構造を安定化させた。"
            "室温で5 mS/cm以上のイオン伝導度を保ったまま、露点-20℃の大気に曝しても硫化水素の発生量が従来材の10分の1以下に抑えられる。"
            "メカノケミカル処理と低温焼成の2工程で合成でき、既存の粉体設備で量産できる。"
        ),
        "purpose": "全固体電池の製造で必要とされる高価な低露点ドライルームを不要にし、製造コストと安全リスクを下げる。",
        "effect": "イオン伝導度の低下を抑えつつ大気安定性が大幅に向上し、電池セルの組立工程を簡素化できる。",
        "products": "車載用全固体電池、ウェアラブル機器用小型電池、定置用蓄電池",
        "advantages": "従来の硫化物系は大気中で硫化水素を発生し露点-50℃以下の環境が必須だったが、本材料は一般的な乾燥空気中で取り扱える。",
        "fields": ["電気・電子", "無機材料"], "functions": ["材料・素材の製造", "安全・福祉対策"],
        "ipc": ["H01M 10/0562", "H01B 1/10"], "stage": "prototype", "trl": 4,
        "types": ["non_exclusive", "exclusive_contract", "option"],
        "terms": "一時金＋ランニングロイヤリティ（応相談）", "support": True, "samples": True,
        "impl": "no", "lic": "no", "age": 520,
        "rights": [
            {"app": "特願2021-087412", "filed": "2021-05-25", "pub": "特開2022-184306", "reg": "特許第7391844号"},
            {"app": "特願2023-021937", "filed": "2023-02-15", "pub": "特開2024-118520"},
        ],
    },
    {
        "id": "demo-002", "org": "utokyo-tlo", "lang": "ja", "status": "published",
        "title": "フレキシブルなペロブスカイト太陽電池の高耐久封止構造",
        "invention": "光電変換素子及びその封止方法",
        "summary": "水分と酸素の侵入を防ぐ多層バリア封止で、フィルム型ペロブスカイト太陽電池の寿命を延ばす",
        "overview": (
            "有機層と無機層を交互に積層した薄膜バリアを、ペロブスカイト層の直上に低温プロセスで形成する。"
            "バリア層の界面に自己組織化単分子膜を挟むことで、曲げ半径5 mmでの繰り返し屈曲後もクラックが生じにくい。"
            "85℃・85%RHの加速試験で1000時間後も初期効率の90%以上を維持した。"
        ),
        "purpose": "軽量・フレキシブルなペロブスカイト太陽電池を屋外で長期間使えるようにする。",
        "effect": "水蒸気透過率10^-4 g/m²/day台の封止を150℃以下のプロセスで実現し、フィルム基板の熱損傷を避けられる。",
        "products": "建物壁面・窓用太陽電池、IoTセンサ用自立電源、車載屋根用太陽電池",
        "advantages": "ガラス封止に比べ軽量で曲げられ、既存のロール・ツー・ロール設備に組み込める。",
        "fields": ["電気・電子", "有機材料"], "functions": ["機械・部品の製造", "環境・リサイクル対策"],
        "ipc": ["H01L 51/44", "H01L 51/42"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "応相談",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 430,
        "rights": [
            {"app": "特願2022-134581", "filed": "2022-08-26", "pub": "特開2024-031276", "co": "株式会社ミナトエナジー"},
        ],
    },
    {
        "id": "demo-003", "org": "utokyo-tlo", "lang": "ja", "status": "published",
        "title": "少数の正常画像だけで学習できる医用画像の異常検知AI",
        "invention": "画像処理装置、異常検知方法及びプログラム",
        "summary": "異常症例の教師データなしで、CT画像から見落としやすい微小病変を候補として提示する",
        "overview": (
            "正常なCT画像のみで自己教師あり学習したエンコーダと、局所特徴の分布を推定する密度モデルを組み合わせる。"
            "入力画像の各領域について正常分布からの逸脱度を算出し、ヒートマップとして表示する。"
            "数百例の正常画像で学習でき、施設ごとの撮影条件の違いにも少量の追加データで適応する。"
        ),
        "purpose": "希少疾患など異常例を集めにくい領域でも、読影医の見落としを減らす支援システムを作る。",
        "effect": "公開データセットでの評価で、教師あり手法に近い検出感度を異常例なしの学習で達成した。",
        "products": "読影支援ソフトウェア、健診センター向け画像チェックシステム、外観検査装置",
        "advantages": "異常例のアノテーションが不要で、導入施設ごとの再学習コストが小さい。",
        "fields": ["情報・通信", "計測・試験"], "functions": ["制御・ソフトウェア", "検査・検出"],
        "ipc": ["G06T 7/00", "G06N 3/08", "A61B 6/03"], "stage": "poc", "trl": 4,
        "types": ["non_exclusive", "research_free"], "terms": "応相談（研究目的の利用は無償）",
        "support": True, "samples": False, "impl": "no", "lic": "unknown", "age": 300,
        "rights": [
            {"app": "特願2023-048215", "filed": "2023-03-24", "pub": "特開2024-140117"},
        ],
    },
    {
        "id": "demo-004", "org": "utokyo-tlo", "lang": "ja", "status": "published",
        "title": "量子アニーリングを用いた多拠点配送ルートの高速最適化",
        "invention": "配送計画最適化装置、最適化方法及びプログラム",
        "summary": "時間枠と積載量の制約つき配送計画を、イジング模型に変換して数秒で近似解を得る",
        "overview": (
            "時間指定と車両容量の制約を持つ配送計画問題を、制約を分割したイジング模型の列に変換する。"
            "量子アニーリング装置またはその古典シミュレータで部分問題を解き、得られた解を局所探索で統合する。"
            "車両50台・配送先1000件規模の問題で、従来のメタヒューリスティクスと同等の解を10分の1の時間で得た。"
        ),
        "purpose": "当日の注文変更や渋滞に合わせて配送計画を頻繁に組み直せるようにする。",
        "effect": "計画作成時間を短縮し、走行距離と車両台数を削減できる。",
        "products": "物流配車システム、ラストワンマイル配送サービス、巡回保守計画ツール",
        "advantages": "量子ハードウェアがなくても古典シミュレータで動作し、将来の装置性能向上をそのまま取り込める。",
        "fields": ["情報・通信", "輸送"], "functions": ["制御・ソフトウェア"],
        "ipc": ["G06N 10/00", "G06Q 10/04"], "stage": "poc", "trl": 3,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 210,
        "rights": [
            {"app": "特願2022-198734", "filed": "2022-12-13", "pub": "特開2024-085093"},
        ],
    },
    {
        "id": "demo-005", "org": "utokyo-tlo", "lang": "ja", "status": "published",
        "title": "iPS細胞由来心筋細胞を成熟させる無血清培地",
        "invention": "多能性幹細胞由来心筋細胞の成熟化方法及び培地",
        "summary": "脂肪酸と甲状腺ホルモン類似物質の組合せで、iPS由来心筋を成人型に近づける",
        "overview": (
            "iPS細胞から分化誘導した心筋細胞を、特定の長鎖脂肪酸と低分子化合物を含む無血清培地で2週間培養する。"
            "エネルギー代謝が解糖系から脂肪酸酸化へ移行し、サルコメア長や収縮力が成人心筋に近づく。"
            "成熟度の指標遺伝子の発現が従来培地の3倍以上に上昇した。"
        ),
        "purpose": "医薬品の心毒性評価に使える、成熟した均質なヒト心筋細胞を安定して供給する。",
        "effect": "薬剤応答が生体に近くなり、心毒性評価の予測精度が向上する。",
        "products": "創薬スクリーニング用心筋細胞、培地キット、再生医療用細胞製品",
        "advantages": "動物由来成分を含まず、ロット差が小さい。既存の分化プロトコルの後段に追加するだけで使える。",
        "fields": ["食品・バイオ", "化学・薬品"], "functions": ["材料・素材の製造", "検査・検出"],
        "ipc": ["C12N 5/077", "G01N 33/50"], "stage": "poc", "trl": 4,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "一時金＋ランニングロイヤリティ",
        "support": True, "samples": True, "impl": "no", "lic": "yes", "age": 480,
        "rights": [
            {"app": "特願2020-156203", "filed": "2020-09-17", "pub": "特開2022-049831", "reg": "特許第7264518号"},
        ],
    },
    {
        "id": "demo-006", "org": "utokyo-tlo", "lang": "ja", "status": "published", "tier": "members",
        "title": "カテーテル先端に実装できる極細の血流センサ",
        "invention": "血流計測用センサ素子及びカテーテル",
        "summary": "直径0.3 mmの熱式センサで、冠動脈内の血流速度をリアルタイムに計測する",
        "overview": (
            "MEMSプロセスで作製した薄膜ヒータと温度センサを、柔軟なポリイミド基板上に一体形成した。"
            "カテーテル先端に巻き付けて実装でき、血管内の局所血流速度を連続計測できる。"
            "ヒータの駆動をパルス化することで、血液への熱影響を臨床許容範囲内に抑えている。"
        ),
        "purpose": "カテーテル治療中に、狭窄部の前後の血流を直接測って治療効果を判定できるようにする。",
        "effect": "従来のドプラ式ガイドワイヤより細径で、分岐血管の奥まで到達できる。",
        "products": "血管内治療用カテーテル、血流計測ガイドワイヤ、体内埋込みモニタ",
        "advantages": "半導体プロセスで量産でき、使い捨て部材として低コストで提供できる。",
        "fields": ["計測・試験", "電気・電子"], "functions": ["検査・検出", "安全・福祉対策"],
        "ipc": ["A61B 5/026", "B81B 7/02"], "stage": "prototype", "trl": 5,
        "types": ["exclusive_contract", "option"], "terms": "応相談（医療機器メーカー様との共同開発を希望）",
        "support": True, "samples": True, "impl": "no", "lic": "no", "age": 150,
        "rights": [
            {"app": "特願2022-061947", "filed": "2022-04-01", "pub": "特開2023-152209"},
        ],
    },
    {
        "id": "demo-007", "org": "utokyo-tlo", "lang": "en", "status": "published",
        "title": "Graph neural network that predicts properties of inorganic materials",
        "invention": "Material property prediction device, prediction method and program",
        "summary": "Screens candidate compounds for band gap and formation energy in seconds instead of days of simulation",
        "overview": (
            "Crystal structures are encoded as graphs whose edges carry interatomic distances and angles. "
            "A message-passing neural network trained on public first-principles data predicts band gap, "
            "formation energy and elastic moduli. An uncertainty estimate flags structures outside the "
            "training distribution so that only those need a full DFT calculation."
        ),
        "purpose": "Cut the time and cost of finding new battery, catalyst and semiconductor materials.",
        "effect": "Predicts formation energy with a mean error below 0.04 eV/atom and ranks 100,000 candidates per hour on one GPU.",
        "products": "Materials informatics software, in-house R&D screening platforms, cloud simulation services",
        "advantages": "The uncertainty estimate avoids wasting laboratory effort on unreliable predictions.",
        "fields": ["情報・通信", "無機材料"], "functions": ["制御・ソフトウェア", "材料・素材の製造"],
        "ipc": ["G16C 60/00", "G06N 3/04"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive", "research_free"], "terms": "Negotiable; free for academic research",
        "support": True, "samples": False, "impl": "yes", "lic": "no", "age": 260,
        "rights": [
            {"app": "特願2022-112870", "filed": "2022-07-14", "pub": "特開2024-012591"},
            {"app": "US 18/221,406", "filed": "2023-07-13", "pub": "US 2024/0028719 A1", "country": "US", "pub_date": "2024-01-25"},
        ],
    },
    {
        "id": "demo-008", "org": "utokyo-tlo", "lang": "en", "status": "published",
        "title": "Federated learning with secure aggregation for hospitals",
        "invention": "Distributed learning system, key distribution method and program",
        "summary": "Several hospitals train one model together without sharing patient records or individual model updates",
        "overview": (
            "Each site trains locally and masks its model update with pairwise keys before upload. "
            "A lightweight key-distribution protocol lets the server recover only the sum of the updates, "
            "even when some sites drop out mid-round. Differential-privacy noise is added at the sites so "
            "the aggregated model leaks no individual record."
        ),
        "purpose": "Let medical institutions build accurate AI models on data that may not leave the hospital.",
        "effect": "Communication overhead is about 1.2 times plain federated averaging, far below conventional secure multiparty computation.",
        "products": "Medical AI platforms, financial fraud detection across banks, industrial IoT analytics",
        "advantages": "Tolerates unstable networks and drop-outs, which earlier secure-aggregation schemes handle poorly.",
        "fields": ["情報・通信"], "functions": ["制御・ソフトウェア", "安全・福祉対策"],
        "ipc": ["G06N 20/00", "H04L 9/08", "G16H 50/20"], "stage": "poc", "trl": 4,
        "types": ["non_exclusive"], "terms": "Negotiable",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 95,
        "rights": [
            {"app": "特願2023-160358", "filed": "2023-09-25", "pub": "特開2025-051744"},
        ],
    },
    {
        "id": "demo-009", "org": "utokyo-tlo", "lang": "ja", "status": "draft",
        "title": "屋内外をシームレスに移動する自律移動ロボットの自己位置推定",
        "invention": "移動体の自己位置推定装置及び自己位置推定方法",
        "summary": "GNSSが届かない屋内でもLiDARと慣性計測の融合で数センチの精度を保つ",
        "overview": (
            "LiDAR点群の地図照合、車輪オドメトリ、慣性計測ユニットの出力を因子グラフで統合する。"
            "屋外ではGNSSを拘束条件として加え、出入口での切替えによる位置の飛びを防ぐ。"
            "地図の一部が変化した環境でも、変化領域を自動で除外して推定を継続する。"
        ),
        "purpose": "工場・倉庫・公道を行き来する搬送ロボットを、一つの位置推定系で運用できるようにする。",
        "effect": "屋内外の遷移区間でも位置誤差5 cm以下を維持した。",
        "products": "搬送ロボット、配送ロボット、警備・点検ロボット",
        "advantages": "専用ビーコンや磁気テープの設置が不要で、レイアウト変更に強い。",
        "fields": ["機械・加工", "情報・通信"], "functions": ["制御・ソフトウェア"],
        "ipc": ["G05D 1/02"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 20,
        "rights": [
            {"app": "特願2024-103552", "filed": "2024-06-27", "pub": "特開2026-004318"},
        ],
    },
    {
        "id": "demo-010", "org": "utokyo-tlo", "lang": "ja", "status": "licensed_exclusive",
        "title": "セルロースナノファイバーで強化した高強度バイオマス樹脂",
        "invention": "セルロースナノファイバー複合樹脂組成物及びその製造方法",
        "summary": "表面修飾したCNFを均一に分散させ、ポリプロピレンの曲げ弾性率を2倍にする",
        "overview": (
            "木材パルプ由来のセルロースナノファイバーの表面を疎水化し、溶融混練時の凝集を防ぐ。"
            "相溶化剤を用いずにポリプロピレン中へ均一に分散させる二段階の混練工程を開発した。"
            "CNFを10重量%添加すると曲げ弾性率が約2倍になり、比重はほとんど増えない。"
        ),
        "purpose": "ガラス繊維強化樹脂を置き換え、自動車部品を軽量化しつつ石油由来材料を減らす。",
        "effect": "同等剛性の部品を約15%軽量化でき、リサイクル時に繊維が残らない。",
        "products": "自動車内装・外装部品、家電筐体、スポーツ用品",
        "advantages": "ガラス繊維と異なり焼却残渣がなく、成形機の摩耗も少ない。",
        "fields": ["有機材料", "繊維・紙"], "functions": ["材料・素材の製造", "環境・リサイクル対策"],
        "ipc": ["C08L 1/02", "C08J 5/04"], "stage": "field_test", "trl": 7,
        "types": ["exclusive", "exclusive_contract"], "terms": "一時金＋ランニングロイヤリティ",
        "support": True, "samples": True, "impl": "yes", "lic": "yes", "age": 540,
        "rights": [
            {"app": "特願2019-204117", "filed": "2019-11-11", "pub": "特開2021-075603", "reg": "特許第7036815号", "co": "北辰マテリアル株式会社"},
        ],
    },
    {
        "id": "demo-011", "org": "utokyo-tlo", "lang": "ja", "status": "published",
        "title": "局地的豪雨による都市浸水を30分前に予測するシステム",
        "invention": "浸水予測装置、浸水予測方法及び浸水予測プログラム",
        "summary": "気象レーダーと下水道の水位データを同化し、街区単位の浸水深を予測する",
        "overview": (
            "高頻度の気象レーダー観測から降雨の移動を予測し、下水道管路網と地表流れの結合モデルに入力する。"
            "マンホールの水位計の実測値をデータ同化で取り込み、予測を逐次補正する。"
            "計算を簡略化したモデルにより、区全域の浸水深分布を数分で更新できる。"
        ),
        "purpose": "地下街や道路の冠水に先回りして、避難誘導や止水板の設置を判断できるようにする。",
        "effect": "30分先の浸水発生を街区単位で高い的中率で予測できた。",
        "products": "自治体向け防災情報システム、地下施設管理システム、保険リスク評価サービス",
        "advantages": "詳細な物理モデルより計算が軽く、スーパーコンピュータなしで運用できる。",
        "fields": ["土木・建築", "情報・通信"], "functions": ["安全・福祉対策", "制御・ソフトウェア"],
        "ipc": ["G01W 1/10", "G06Q 50/26"], "stage": "field_test", "trl": 6,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": False, "impl": "yes", "lic": "no", "age": 360,
        "rights": [
            {"app": "特願2021-170433", "filed": "2021-10-18", "pub": "特開2023-060721", "reg": "特許第7503219号"},
        ],
    },
    {
        # Published, but every right has lapsed: the daily expiry job
        # (listings.expire_lapsed) moves it to "expired" on its next run.
        "id": "demo-012", "org": "utokyo-tlo", "lang": "ja", "status": "published",
        "title": "光ファイバを用いた構造物の分布ひずみ計測",
        "invention": "光ファイバ歪み測定装置及び測定方法",
        "summary": "1本の光ファイバで橋やトンネルのひずみ分布を数キロメートルにわたって測る",
        "overview": (
            "光ファイバ中のブリルアン散乱光の周波数シフトから、ファイバ長手方向のひずみ分布を求める。"
            "相関領域法を改良し、空間分解能1 cmと測定距離1 kmを両立した。"
            "構造物に接着したファイバで、ひび割れの発生位置を早期に特定できる。"
        ),
        "purpose": "大型構造物の健全性を、点ではなく線で常時監視する。",
        "effect": "従来のひずみゲージ多数を1本のファイバで置き換え、配線工事を大幅に削減できる。",
        "products": "橋梁・トンネルのモニタリング装置、パイプラインの漏洩監視、航空機構造の健全性診断",
        "advantages": "電磁ノイズの影響を受けず、防爆環境でも使える。",
        "fields": ["計測・試験", "土木・建築"], "functions": ["検査・検出"],
        "ipc": ["G01B 11/16", "G01D 5/353"], "stage": "commercial", "trl": 9,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": False, "samples": False, "impl": "yes", "lic": "yes", "age": 470,
        "rights": [
            {"app": "特願2004-058112", "filed": "2004-03-02", "pub": "特開2005-249482", "reg": "特許第4102291号", "status": "lapsed", "expiry": "2024-03-02"},
            {"app": "特願2006-231045", "filed": "2006-08-28", "pub": "特開2008-058177", "reg": "特許第4874095号", "status": "lapsed", "expiry": "2022-08-28"},
        ],
    },
    {
        "id": "demo-013", "org": "utokyo-tlo", "lang": "ja", "status": "published",
        "title": "パターン付き半導体ウエハの微小欠陥を高速に見つける光学検査",
        "invention": "欠陥検査装置及び欠陥検査方法",
        "summary": "偏光と位相の情報を同時に取得し、回路パターンのノイズに埋もれた10 nm級の欠陥を検出する",
        "overview": (
            "照明光の偏光状態を高速に切り替え、散乱光の偏光と位相を同時に計測する光学系を構成した。"
            "回路パターンからの規則的な散乱を偏光情報で抑圧し、欠陥からの散乱だけを強調する。"
            "深層学習による分類器で、検出した欠陥を種類別に自動分類する。"
        ),
        "purpose": "微細化が進む先端半導体の製造工程で、歩留まりを左右する微小欠陥を早期に見つける。",
        "effect": "電子線検査に比べて100倍以上の速度で、同等サイズの欠陥を検出できる。",
        "products": "半導体ウエハ検査装置、フォトマスク検査装置、ディスプレイパネル検査装置",
        "advantages": "既存の明視野検査装置の光学系を改造して組み込める。",
        "fields": ["計測・試験", "電気・電子"], "functions": ["検査・検出"],
        "ipc": ["G01N 21/95", "H01L 21/66"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "応相談",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 45,
        "rights": [
            {"app": "特願2023-097725", "filed": "2023-06-14", "pub": "特開2024-179846"},
        ],
    },
    {
        "id": "demo-014", "org": "utokyo-tlo", "lang": "en", "status": "published",
        "title": "Low-power sensor network for long-term monitoring of infrastructure",
        "invention": "Wireless sensor network system, node and communication control method",
        "summary": "Battery-powered sensor nodes on bridges and slopes report for ten years without a battery change",
        "overview": (
            "Sensor nodes form a self-organising multi-hop network over a sub-GHz band. "
            "Each node wakes only in time slots negotiated with its neighbours, and the slot schedule adapts "
            "to how quickly the measured values change. Event-triggered bursts deliver alarms within seconds "
            "while routine data is aggregated along the route."
        ),
        "purpose": "Monitor many ageing structures cheaply, without mains power or mobile-network contracts.",
        "effect": "Average node current below 10 microamperes in field tests on a highway bridge.",
        "products": "Structural health monitoring systems, slope-failure warning, smart agriculture sensor networks",
        "advantages": "No gateway per site: nodes relay each other's data over several kilometres.",
        "fields": ["情報・通信", "土木・建築"], "functions": ["検査・検出", "制御・ソフトウェア"],
        "ipc": ["H04W 84/18", "G08C 17/02"], "stage": "field_test", "trl": 7,
        "types": ["non_exclusive"], "terms": "Upfront fee plus running royalty, negotiable",
        "support": True, "samples": True, "impl": "yes", "lic": "no", "age": 170,
        "rights": [
            {"app": "特願2021-149026", "filed": "2021-09-13", "pub": "特開2023-041894", "reg": "特許第7420563号"},
        ],
    },

    # --- 京都大学 (kyoto-u-ip) -----------------------------------------------------
    {
        "id": "demo-015", "org": "kyoto-u-ip", "lang": "ja", "status": "published",
        "title": "免疫チェックポイント阻害薬の効果を高める低分子化合物",
        "invention": "ピリミジン誘導体を有効成分とする抗腫瘍剤",
        "summary": "腫瘍内の免疫抑制性細胞を減らし、抗PD-1抗体が効かないがんにも効果を引き出す",
        "overview": (
            "腫瘍微小環境で免疫抑制に関わるキナーゼを選択的に阻害するピリミジン誘導体を見いだした。"
            "マウス腫瘍モデルで、抗PD-1抗体との併用により腫瘍の完全退縮率が大きく向上した。"
            "経口投与で十分な血中濃度が得られ、主要な毒性は認められていない。"
        ),
        "purpose": "免疫チェックポイント阻害薬が効かない患者にも治療の選択肢を提供する。",
        "effect": "単剤では効果が限られるがん種で、併用により抗腫瘍効果が相乗的に高まる。",
        "products": "抗がん剤（併用療法）、がん免疫療法の研究用試薬",
        "advantages": "経口投与できる低分子で、抗体医薬より製造コストが低い。",
        "fields": ["化学・薬品"], "functions": ["材料・素材の製造", "安全・福祉対策"],
        "ipc": ["A61K 31/506", "A61P 35/00", "C07D 403/12"], "stage": "poc", "trl": 3,
        "types": ["exclusive", "option"], "terms": "応相談（オプション契約から開始可）",
        "support": True, "samples": True, "impl": "no", "lic": "no", "age": 400,
        "rights": [
            {"app": "特願2021-203658", "filed": "2021-12-15", "pub": "特開2023-089411"},
            {"app": "特願2022-189917", "filed": "2022-11-29", "pub": "特開2024-078226"},
        ],
    },
    {
        "id": "demo-016", "org": "kyoto-u-ip", "lang": "ja", "status": "published",
        "title": "ゲノム編集で機能性成分を高めたトマトの作出方法",
        "invention": "γ-アミノ酪酸高含有植物の作出方法及び植物",
        "summary": "外来遺伝子を残さずにGABA含量を高めたトマトを短期間で作る",
        "overview": (
            "GABA合成酵素の自己阻害領域を標的に、CRISPR-Cas9で短い欠失を導入する。"
            "編集後に自殖を行い、外来のDNAを持たない個体を選抜する手順を確立した。"
            "果実中のGABA含量は従来品種の4〜5倍となり、収量や食味への悪影響は見られない。"
        ),
        "purpose": "血圧上昇を抑えるとされるGABAを多く含む機能性野菜を、育種期間を短縮して作る。",
        "effect": "交配育種で10年近くかかる改良を2〜3年で実現できる。",
        "products": "機能性表示食品用の農産物、加工用トマト、種苗",
        "advantages": "外来遺伝子を含まないため、遺伝子組換え作物としての規制に該当しない育種が可能。",
        "fields": ["食品・バイオ"], "functions": ["食品・飲料の製造"],
        "ipc": ["A01H 5/08", "C12N 15/82"], "stage": "field_test", "trl": 6,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "一時金＋ランニングロイヤリティ",
        "support": True, "samples": False, "impl": "yes", "lic": "yes", "age": 330,
        "rights": [
            {"app": "特願2019-118806", "filed": "2019-06-26", "pub": "特開2021-003061", "reg": "特許第7117442号"},
        ],
    },
    {
        "id": "demo-017", "org": "kyoto-u-ip", "lang": "ja", "status": "published",
        "title": "酸化ガリウムを用いた低損失パワー半導体素子",
        "invention": "酸化ガリウム半導体装置及びその製造方法",
        "summary": "α型酸化ガリウムの結晶成長技術で、SiCより低コストな高耐圧ショットキーダイオードを作る",
        "overview": (
            "ミスト化学気相成長法により、サファイア基板上に高品質なα型酸化ガリウム膜を成長させる。"
            "ドーピング濃度の制御とフィールドプレート構造の組合せで、耐圧1200 V級の素子を試作した。"
            "オン抵抗はSiC素子の約半分で、大気圧プロセスのため装置コストが低い。"
        ),
        "purpose": "電気自動車や産業機器の電力変換器の損失を減らし、装置を小型化する。",
        "effect": "同じ耐圧のSiC素子に比べ導通損失を半減でき、放熱部品を小さくできる。",
        "products": "パワーダイオード、インバータ、車載充電器、太陽光発電用パワーコンディショナ",
        "advantages": "真空装置を使わない成膜で、製造設備への投資を抑えられる。",
        "fields": ["電気・電子", "無機材料"], "functions": ["材料・素材の製造", "機械・部品の製造"],
        "ipc": ["H01L 29/24", "H01L 21/02"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "応相談",
        "support": True, "samples": True, "impl": "no", "lic": "yes", "age": 250,
        "rights": [
            {"app": "特願2020-091527", "filed": "2020-05-26", "pub": "特開2021-190716", "reg": "特許第7232881号", "co": "株式会社ミヤコ半導体"},
            {"app": "特願2010-128344", "filed": "2010-06-04", "pub": "特開2011-252921", "reg": "特許第5192840号", "status": "lapsed", "expiry": "2023-06-04"},
        ],
    },
    {
        "id": "demo-018", "org": "kyoto-u-ip", "lang": "ja", "status": "published",
        "title": "木造住宅向けの小型・高減衰な制振ダンパ",
        "invention": "制振装置及びそれを備えた木造建築物",
        "summary": "粘弾性体とてこ機構を組み合わせ、壁1枚分の設置で地震の揺れを半減する",
        "overview": (
            "柱と梁の接合部に取り付けるてこ機構で、層間変形を数倍に拡大して粘弾性体に伝える。"
            "小さな変形から減衰効果が働くため、繰り返しの余震にも効く。"
            "実大振動台実験で、制振なしの住宅に比べ最大層間変形角を約50%低減した。"
        ),
        "purpose": "新築・既存の木造住宅に、低コストで後付けできる地震対策を提供する。",
        "effect": "耐力壁の追加に比べて施工が短く、室内の間取りを変えずに設置できる。",
        "products": "木造住宅用制振装置、リフォーム用耐震補強金物、社寺建築の補強部材",
        "advantages": "温度依存性の小さい粘弾性材料を用い、寒冷地でも性能が変わりにくい。",
        "fields": ["土木・建築", "機械・加工"], "functions": ["安全・福祉対策"],
        "ipc": ["E04H 9/02", "F16F 15/02"], "stage": "commercial", "trl": 8,
        "types": ["non_exclusive"], "terms": "ランニングロイヤリティ（販売額の3%程度を想定）",
        "support": True, "samples": True, "impl": "yes", "lic": "yes", "age": 390,
        "rights": [
            {"app": "特願2018-167250", "filed": "2018-09-06", "pub": "特開2020-041328", "reg": "特許第6983117号", "co": "株式会社洛西ホーム"},
        ],
    },
    {
        "id": "demo-019", "org": "kyoto-u-ip", "lang": "en", "status": "published",
        "title": "Patient-derived organoid platform for anticancer drug screening",
        "invention": "Method for culturing tumour organoids and method for evaluating drugs",
        "summary": "Grows organoids from small biopsies in ten days and ranks candidate drugs for each patient",
        "overview": (
            "Tumour cells from an endoscopic biopsy are embedded in a defined synthetic matrix instead of "
            "animal-derived basement membrane. A growth-factor cocktail tuned per cancer type yields organoids "
            "within ten days. An imaging assay in 384-well plates scores viability and morphology changes "
            "after exposure to a drug panel."
        ),
        "purpose": "Predict which drugs will work for a given patient before treatment starts.",
        "effect": "Drug response in organoids agreed with clinical response in most patients of a pilot study.",
        "products": "Companion diagnostics services, contract research for pharma, personalised oncology",
        "advantages": "The synthetic matrix removes lot-to-lot variation and animal-derived material.",
        "fields": ["食品・バイオ", "計測・試験"], "functions": ["検査・検出"],
        "ipc": ["C12N 5/071", "G01N 33/50"], "stage": "poc", "trl": 4,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "Negotiable",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 140,
        "rights": [
            {"app": "特願2023-011482", "filed": "2023-01-27", "pub": "特開2024-107259"},
        ],
    },
    {
        "id": "demo-020", "org": "kyoto-u-ip", "lang": "en", "status": "published",
        "title": "Metal-organic framework that captures CO2 from humid flue gas",
        "invention": "Porous coordination polymer, gas adsorbent and gas separation method",
        "summary": "Adsorbs carbon dioxide selectively even at high humidity and releases it at only 80 °C",
        "overview": (
            "A porous coordination polymer with hydrophobic pore walls and amine-free binding sites was designed. "
            "Water is excluded from the pores while CO2 binds to open metal sites. Regeneration needs only "
            "80 °C, so low-grade waste heat from the plant can drive the cycle. The material is made by a "
            "water-based synthesis at room temperature."
        ),
        "purpose": "Lower the energy penalty of carbon capture at power plants, cement kilns and incinerators.",
        "effect": "Regeneration energy is estimated at about 60% of amine scrubbing.",
        "products": "CO2 capture units, biogas upgrading, air-conditioning CO2 removal",
        "advantages": "No corrosive amines and no loss of capacity after 1,000 humid cycles.",
        "fields": ["化学・薬品", "無機材料"], "functions": ["環境・リサイクル対策", "材料・素材の製造"],
        "ipc": ["B01J 20/22", "B01D 53/62"], "stage": "prototype", "trl": 4,
        "types": ["non_exclusive", "exclusive_contract", "option"], "terms": "Negotiable",
        "support": True, "samples": True, "impl": "no", "lic": "no", "age": 60,
        "rights": [
            {"app": "特願2022-077305", "filed": "2022-05-10", "pub": "特開2023-168934", "reg": "特許第7597316号"},
            {"app": "US 18/312,775", "filed": "2023-05-05", "pub": "US 2023/0364712 A1", "country": "US", "pub_date": "2023-11-16"},
        ],
    },
    {
        "id": "demo-021", "org": "kyoto-u-ip", "lang": "ja", "status": "published",
        "title": "力覚フィードバックを備えた低侵襲手術支援ロボット",
        "invention": "手術支援ロボット及び力覚提示装置",
        "summary": "鉗子先端の力を空気圧で推定し、術者の手に伝える",
        "overview": (
            "鉗子を空気圧アクチュエータで駆動し、圧力変化から鉗子先端に加わる力を推定する。"
            "力センサを先端に置かないため、洗浄・滅菌に強く使い捨て部品を減らせる。"
            "推定した力を術者側の操作装置に提示し、組織の硬さを感じながら操作できる。"
        ),
        "purpose": "ロボット手術で失われる触覚を取り戻し、組織の損傷や縫合糸の破断を防ぐ。",
        "effect": "力の推定誤差0.1 N程度で、動物実験で組織損傷の発生を減らせた。",
        "products": "内視鏡手術支援ロボット、遠隔手術システム、手術トレーニング装置",
        "advantages": "電動モータ方式より軽量で、先端センサが不要なため低コスト。",
        "fields": ["機械・加工", "計測・試験"], "functions": ["安全・福祉対策", "制御・ソフトウェア"],
        "ipc": ["A61B 34/30", "B25J 13/08"], "stage": "prototype", "trl": 5,
        "types": ["exclusive_contract", "option"], "terms": "応相談",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 230,
        "rights": [
            {"app": "特願2021-033190", "filed": "2021-03-03", "pub": "特開2022-134608", "reg": "特許第7442987号"},
        ],
    },
    {
        "id": "demo-022", "org": "kyoto-u-ip", "lang": "ja", "status": "withdrawn",
        "title": "低温で焼成できる鉛を含まない陶磁器用釉薬",
        "invention": "無鉛フリット及び陶磁器用釉薬組成物",
        "summary": "900℃以下の焼成で鮮やかな発色と光沢を得る無鉛フリット",
        "overview": (
            "ホウ酸とアルカリ金属酸化物の比率を調整し、鉛を含まずに軟化点を下げたフリットを開発した。"
            "少量の酸化亜鉛と酸化ビスマスで貫入の発生を抑え、伝統的な色釉の発色を再現した。"
            "焼成温度の低下により窯の燃料使用量を約2割削減できる。"
        ),
        "purpose": "伝統工芸の色合いを保ちながら、鉛の溶出がない安全な食器を作る。",
        "effect": "食品衛生法の溶出基準を満たし、焼成エネルギーも削減できる。",
        "products": "食器用釉薬、タイル、七宝・ガラス工芸用フリット",
        "advantages": "既存の上絵付けの工程や窯をそのまま使える。",
        "fields": ["無機材料", "生活・文化"], "functions": ["材料・素材の製造", "環境・リサイクル対策"],
        "ipc": ["C03C 8/02", "C04B 41/86"], "stage": "commercial", "trl": 8,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": True, "impl": "yes", "lic": "yes", "age": 500,
        "withdraw_reason": "共同出願人との協議により、新規の許諾を当面見合わせるため",
        "rights": [
            {"app": "特願2017-224563", "filed": "2017-11-22", "pub": "特開2019-094241", "reg": "特許第6949170号"},
        ],
    },
    {
        "id": "demo-023", "org": "kyoto-u-ip", "lang": "ja", "status": "published",
        "title": "化学修飾で環化させた膜透過性の中分子ペプチド医薬",
        "invention": "環状ペプチドの製造方法及び環状ペプチド",
        "summary": "細胞内の標的タンパク質に届く環状ペプチドを、水中・室温で一段階で合成する",
        "overview": (
            "直鎖ペプチドの特定のアミノ酸側鎖同士を、水中・室温で選択的に架橋する化学反応を開発した。"
            "保護基を必要とせず、ライブラリ合成にそのまま適用できる。"
            "架橋構造の工夫により、環状ペプチドの細胞膜透過性と血中安定性が向上した。"
        ),
        "purpose": "抗体が届かない細胞内の標的に作用する中分子医薬を、効率よく探索・製造する。",
        "effect": "収率90%以上で環化でき、候補化合物の合成期間を大幅に短縮できる。",
        "products": "ペプチド医薬、創薬スクリーニング用ライブラリ、研究用試薬",
        "advantages": "重金属触媒を使わないため、医薬品製造で残留金属の除去工程が不要。",
        "fields": ["化学・薬品"], "functions": ["材料・素材の製造"],
        "ipc": ["C07K 1/107", "A61K 38/12"], "stage": "poc", "trl": 3,
        "types": ["non_exclusive", "exclusive", "option"], "terms": "応相談",
        "support": True, "samples": True, "impl": "no", "lic": "no", "age": 120,
        "rights": [
            {"app": "特願2023-129461", "filed": "2023-08-08", "pub": "特開2025-024583"},
        ],
    },
    {
        "id": "demo-024", "org": "kyoto-u-ip", "lang": "ja", "status": "draft",
        "title": "腕時計型センサによる睡眠段階の推定",
        "invention": "睡眠状態推定装置、睡眠状態推定方法及びプログラム",
        "summary": "脈波と体動から、脳波計なしでレム睡眠・深睡眠を推定する",
        "overview": (
            "腕時計型機器で計測した脈波間隔のゆらぎと加速度から、睡眠段階を推定する機械学習モデルを構築した。"
            "終夜脳波計測と同時に取得したデータで学習し、4段階の推定で高い一致率を得た。"
            "装着位置のずれによる信号欠損を補完する処理を備える。"
        ),
        "purpose": "自宅で毎晩、負担なく睡眠の質を評価できるようにする。",
        "effect": "簡易な機器で睡眠障害のスクリーニングや生活指導に使える精度が得られる。",
        "products": "ウェアラブル端末、睡眠改善アプリ、健康経営サービス",
        "advantages": "専用の頭部センサが不要で、既存のスマートウォッチで実装できる。",
        "fields": ["計測・試験", "情報・通信"], "functions": ["検査・検出", "制御・ソフトウェア"],
        "ipc": ["A61B 5/00", "A61B 5/11"], "stage": "poc", "trl": 4,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": False, "samples": False, "impl": "no", "lic": "no", "age": 12,
        "rights": [
            {"app": "特願2024-170215", "filed": "2024-09-30", "pub": "特開2026-058120"},
        ],
    },
    {
        "id": "demo-025", "org": "kyoto-u-ip", "lang": "ja", "status": "published",
        "title": "声から話者の感情を推定する対話エージェント",
        "invention": "感情推定装置、対話システム及びプログラム",
        "summary": "声の高さやリズムの変化から苛立ちや不安を推定し、応答の仕方を切り替える",
        "overview": (
            "音声の韻律特徴と発話内容の両方を入力とする感情推定モデルを用いる。"
            "話者ごとの平常時の声を短時間で学習し、個人差による推定の偏りを補正する。"
            "推定結果に応じて、対話エージェントが話す速さや言葉遣い、オペレーターへの引継ぎを制御する。"
        ),
        "purpose": "コールセンターや介護の現場で、相手の気持ちに沿った自動応答を実現する。",
        "effect": "利用者の不満の兆候を早く捉え、有人対応への切替えを適切なタイミングで行える。",
        "products": "コールセンター自動応答、見守り・介護ロボット、車載音声アシスタント",
        "advantages": "個人差の補正により、初対面の話者でも推定精度が落ちにくい。",
        "fields": ["情報・通信"], "functions": ["制御・ソフトウェア"],
        "ipc": ["G10L 25/63", "G06F 3/16"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 30,
        "rights": [
            {"app": "特願2022-210337", "filed": "2022-12-27", "pub": "特開2024-093540"},
        ],
    },
    {
        "id": "demo-026", "org": "kyoto-u-ip", "lang": "en", "status": "published",
        "title": "Dissolving microneedle patch for needle-free vaccination",
        "invention": "Microneedle array, method for producing the same and transdermal preparation",
        "summary": "A thumb-sized patch delivers vaccine into the skin and dissolves within minutes",
        "overview": (
            "Microneedles of a biodegradable polysaccharide carry the antigen in their tips only. "
            "A two-step moulding process keeps the antigen at room temperature and concentrates it where "
            "it dissolves in the skin. The patch is stable for months without refrigeration."
        ),
        "purpose": "Vaccinate without needles, trained staff or a cold chain.",
        "effect": "Immune response in animals equal to intramuscular injection at one fifth of the dose.",
        "products": "Vaccine patches, transdermal drug delivery, cosmetic microneedles",
        "advantages": "No sharps waste and self-administration is possible.",
        "fields": ["化学・薬品", "生活・文化"], "functions": ["安全・福祉対策", "材料・素材の製造"],
        "ipc": ["A61M 37/00", "A61K 9/00", "A61K 39/00"], "stage": "prototype", "trl": 5,
        "types": ["exclusive", "exclusive_contract", "option"], "terms": "Negotiable",
        "support": True, "samples": True, "impl": "no", "lic": "no", "age": 200,
        "rights": [
            {"app": "特願2021-118564", "filed": "2021-07-19", "pub": "特開2023-014870", "reg": "特許第7480112号"},
        ],
    },

    # --- 東北大学 (tohoku-u-ip) ----------------------------------------------------
    {
        "id": "demo-027", "org": "tohoku-u-ip", "lang": "ja", "status": "published",
        "title": "モーターの鉄損を大幅に減らすナノ結晶軟磁性合金",
        "invention": "Fe基ナノ結晶合金薄帯及びそれを用いた磁心",
        "summary": "高い飽和磁束密度と低い鉄損を両立し、モーターや変圧器を小型・高効率にする",
        "overview": (
            "Fe-Si-B-P-Cu系のアモルファス合金を急冷凝固で薄帯にし、熱処理でナノ結晶化させる。"
            "銅の微量添加とリンの組合せで結晶粒を10 nm程度に揃え、保磁力を大きく下げた。"
            "飽和磁束密度は1.8 T以上で、電磁鋼板に比べ高周波での鉄損を約70%低減した。"
        ),
        "purpose": "電気自動車の駆動モーターや高周波変圧器のエネルギー損失を減らす。",
        "effect": "磁心の損失が減り、発熱と冷却装置を小さくできる。",
        "products": "EV用モーター、高周波トランス、リアクトル、ワイヤレス給電コイル",
        "advantages": "コバルトなど高価な元素を使わず、既存の薄帯製造設備で作れる。",
        "fields": ["金属材料", "電気・電子"], "functions": ["材料・素材の製造"],
        "ipc": ["H01F 1/153", "C22C 45/02"], "stage": "field_test", "trl": 7,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "一時金＋ランニングロイヤリティ",
        "support": True, "samples": True, "impl": "yes", "lic": "yes", "age": 450,
        "rights": [
            {"app": "特願2019-062871", "filed": "2019-03-28", "pub": "特開2020-165217", "reg": "特許第7078329号"},
            {"app": "特願2008-093510", "filed": "2008-03-31", "pub": "特開2009-242801", "reg": "特許第4882115号", "status": "lapsed", "expiry": "2021-03-31"},
        ],
    },
    {
        "id": "demo-028", "org": "tohoku-u-ip", "lang": "ja", "status": "published",
        "title": "待機電力ゼロを目指すスピントロニクス不揮発メモリ素子",
        "invention": "磁気抵抗効果素子及び磁気メモリ",
        "summary": "微細化しても記録が消えにくい垂直磁化型トンネル接合で、MRAMを高密度化する",
        "overview": (
            "記録層を複数の磁性層と非磁性層の積層とし、界面の垂直磁気異方性を強めた。"
            "素子径20 nm以下でも10年以上の記録保持に必要な熱安定性を確保できる。"
            "書込み電流は従来構造と同程度に抑えられ、既存のCMOS配線工程と整合する。"
        ),
        "purpose": "電源を切っても記憶を保持するメモリで、IoT機器やAIチップの待機電力をなくす。",
        "effect": "SRAMを置き換えることでキャッシュの待機電力を大幅に削減できる。",
        "products": "組込み用MRAM、マイコン、AIアクセラレータ、産業用制御機器",
        "advantages": "微細化と熱安定性、低電流書込みを同時に満たす。",
        "fields": ["電気・電子"], "functions": ["機械・部品の製造"],
        "ipc": ["H01L 43/08", "G11C 11/16"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": False, "impl": "no", "lic": "yes", "age": 340,
        "rights": [
            {"app": "特願2020-027416", "filed": "2020-02-20", "pub": "特開2021-132111", "reg": "特許第7211574号"},
        ],
    },
    {
        "id": "demo-029", "org": "tohoku-u-ip", "lang": "ja", "status": "published",
        "title": "津波からの避難行動をリアルタイムに予測し誘導するシステム",
        "invention": "避難支援システム、避難経路提示方法及びプログラム",
        "summary": "津波浸水予測と人の流れのシミュレーションを組み合わせ、混雑しない避難経路を示す",
        "overview": (
            "地震発生直後の津波浸水予測と、携帯端末の位置情報から推定した人口分布を入力とする。"
            "群集の移動をエージェントシミュレーションで予測し、避難所や道路の混雑を事前に評価する。"
            "混雑が予想される経路を避けるよう、スマートフォンやデジタルサイネージで個別に経路を案内する。"
        ),
        "purpose": "東日本大震災の教訓を踏まえ、避難の遅れや渋滞による被害を減らす。",
        "effect": "沿岸都市の模擬実験で、避難完了時間を約2割短縮した。",
        "products": "自治体向け防災システム、防災アプリ、大規模施設の避難誘導装置",
        "advantages": "計算を高速化し、地震発生から数分以内に案内を開始できる。",
        "fields": ["情報・通信", "土木・建築"], "functions": ["安全・福祉対策", "制御・ソフトウェア"],
        "ipc": ["G08B 21/10", "G06Q 50/26"], "stage": "field_test", "trl": 6,
        "types": ["non_exclusive", "research_free"], "terms": "応相談（自治体の実証は無償）",
        "support": True, "samples": False, "impl": "yes", "lic": "no", "age": 280,
        "rights": [
            {"app": "特願2021-046902", "filed": "2021-03-22", "pub": "特開2022-146173", "reg": "特許第7365031号"},
        ],
    },
    {
        "id": "demo-030", "org": "tohoku-u-ip", "lang": "ja", "status": "published",
        "title": "海藻から作る海洋で分解するバイオプラスチック",
        "invention": "アルギン酸系成形材料及びその製造方法",
        "summary": "コンブ由来のアルギン酸を架橋し、耐水性と海中での分解性を両立した成形材料",
        "overview": (
            "三陸産のコンブから抽出したアルギン酸を、食品添加物として認められた多価金属イオンで段階的に架橋する。"
            "可塑剤の配合を工夫し、射出成形やシート成形が可能な熱可塑性を付与した。"
            "使用中は水に溶けず、海水中では数か月で分解することを確認した。"
        ),
        "purpose": "海洋プラスチックごみを減らし、未利用の海藻資源に付加価値をつける。",
        "effect": "使い捨て食器や包装材を、海に流出しても残らない材料で作れる。",
        "products": "食品包装フィルム、使い捨てカトラリー、漁具部材",
        "advantages": "原料は食用にならない海藻の部位も使え、地域の水産業と連携できる。",
        "fields": ["有機材料", "食品・バイオ"], "functions": ["環境・リサイクル対策", "材料・素材の製造"],
        "ipc": ["C08L 5/04", "C08B 37/04"], "stage": "prototype", "trl": 4,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "応相談",
        "support": True, "samples": True, "impl": "no", "lic": "no", "age": 75,
        "rights": [
            {"app": "特願2023-072144", "filed": "2023-04-26", "pub": "特開2024-157968", "co": "株式会社三陸バイオマテリアル"},
        ],
    },
    {
        "id": "demo-031", "org": "tohoku-u-ip", "lang": "en", "status": "published",
        "title": "300 GHz wireless transceiver for short-range gigabit links",
        "invention": "Radio communication device and antenna module",
        "summary": "Transfers 100 Gbit/s over several metres with a low-cost CMOS chip and a printed antenna array",
        "overview": (
            "A CMOS transceiver operating around 300 GHz is combined with a phased antenna array printed on "
            "a low-loss resin substrate. Calibration of phase errors on the chip allows beam steering without "
            "external phase shifters. A compact package couples the chip and the array without wire bonds."
        ),
        "purpose": "Replace cables in data centres, kiosks and factory equipment with ultra-fast wireless links.",
        "effect": "Demonstrated 100 Gbit/s at a distance of 3 m with a module smaller than a coin.",
        "products": "Beyond-5G/6G radio modules, kiosk data download, board-to-board links",
        "advantages": "Built in standard CMOS rather than costly compound semiconductors.",
        "fields": ["情報・通信", "電気・電子"], "functions": ["機械・部品の製造"],
        "ipc": ["H04B 1/40", "H01Q 21/06"], "stage": "prototype", "trl": 4,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "Negotiable",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 160,
        "rights": [
            {"app": "特願2022-153390", "filed": "2022-09-27", "pub": "特開2024-048001"},
        ],
    },
    {
        "id": "demo-032", "org": "tohoku-u-ip", "lang": "ja", "status": "published", "tier": "members",
        "title": "骨に近いしなやかさを持つ医療用チタン合金",
        "invention": "生体用チタン合金及びその製造方法",
        "summary": "ヤング率を骨に近い値まで下げ、インプラント周囲の骨が痩せるのを防ぐ",
        "overview": (
            "ニオブ、ジルコニウム、スズを添加したβ型チタン合金で、ヤング率を約50 GPaまで下げた。"
            "冷間加工と時効処理の条件を最適化し、低い弾性率のまま強度を確保した。"
            "毒性が懸念されるアルミニウムやバナジウムを含まない。"
        ),
        "purpose": "人工関節や骨固定材で起こる応力遮蔽による骨吸収を防ぐ。",
        "effect": "インプラントの緩みを抑え、再手術のリスクを下げる。",
        "products": "人工股関節、脊椎固定ロッド、骨折固定プレート、歯科インプラント",
        "advantages": "従来のTi-6Al-4Vに比べ弾性率が約半分で、生体適合性にも優れる。",
        "fields": ["金属材料", "化学・薬品"], "functions": ["材料・素材の製造", "安全・福祉対策"],
        "ipc": ["C22C 14/00", "A61L 27/06"], "stage": "field_test", "trl": 6,
        "types": ["exclusive_contract", "non_exclusive"], "terms": "一時金＋ランニングロイヤリティ",
        "support": True, "samples": True, "impl": "yes", "lic": "unknown", "age": 420,
        "rights": [
            {"app": "特願2018-214097", "filed": "2018-11-14", "pub": "特開2020-079451", "reg": "特許第7002113号"},
        ],
    },
    {
        "id": "demo-033", "org": "tohoku-u-ip", "lang": "ja", "status": "published",
        "title": "地熱発電所の配管スケールを抑える薬剤注入制御",
        "invention": "スケール抑制方法及び地熱発電システム",
        "summary": "熱水の成分を連続分析して抑制剤の注入量を自動調整し、配管の閉塞を防ぐ",
        "overview": (
            "地熱流体中のシリカやカルシウム濃度をオンラインで計測し、過飽和度を算出する。"
            "過飽和度に応じてキレート系抑制剤の注入量をフィードバック制御する。"
            "必要な時だけ薬剤を注入するため、使用量を従来の定量注入より約40%削減できる。"
        ),
        "purpose": "地熱発電所の還元井や配管のスケール付着による出力低下と停止を減らす。",
        "effect": "清掃のための計画外停止を減らし、設備利用率を高められる。",
        "products": "地熱発電設備、温泉熱利用設備、工業用熱水配管の保守システム",
        "advantages": "既存設備に計測器と注入ポンプを追加するだけで導入できる。",
        "fields": ["機械・加工", "化学・薬品"], "functions": ["環境・リサイクル対策", "洗浄・除去"],
        "ipc": ["F03G 7/04", "C02F 5/08"], "stage": "field_test", "trl": 7,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": False, "impl": "yes", "lic": "no", "age": 300,
        "rights": [
            {"app": "特願2020-188743", "filed": "2020-11-12", "pub": "特開2022-077709", "reg": "特許第7395226号"},
        ],
    },
    {
        "id": "demo-034", "org": "tohoku-u-ip", "lang": "ja", "status": "assigned",
        "title": "水素吸蔵合金を用いた低圧・小型の水素貯蔵タンク",
        "invention": "水素貯蔵容器及び水素吸蔵合金",
        "summary": "1 MPa未満の低圧で、高圧ボンベと同等量の水素を小さな容器に貯める",
        "overview": (
            "ニッケル系の水素吸蔵合金の組成を調整し、室温付近で水素の吸蔵・放出が速やかに進むようにした。"
            "容器内部に熱交換フィンを配置し、吸蔵時の発熱と放出時の吸熱を効率よく処理する。"
            "合金の微粉化を抑える充填構造で、繰り返し使用後も容量低下が小さい。"
        ),
        "purpose": "高圧ガスの規制を受けずに扱える水素貯蔵手段を、非常用電源などに提供する。",
        "effect": "高圧容器が不要になり、屋内や車両への設置が容易になる。",
        "products": "燃料電池非常用電源、フォークリフト用水素タンク、水素吸蔵合金粉末",
        "advantages": "レアアースの使用量を減らし、材料コストを抑えた。",
        "fields": ["金属材料", "機械・加工"], "functions": ["材料・素材の製造", "安全・福祉対策"],
        "ipc": ["F17C 11/00", "C22C 19/00"], "stage": "commercial", "trl": 8,
        "license": False, "assign": True, "types": [], "terms": "譲渡（応相談）",
        "support": True, "samples": True, "impl": "yes", "lic": "no", "age": 510,
        "assign_reason": "製品化を進める企業へ特許権を譲渡",
        "rights": [
            {"app": "特願2017-071380", "filed": "2017-03-31", "pub": "特開2018-172541", "reg": "特許第6850478号"},
        ],
    },
    {
        "id": "demo-035", "org": "tohoku-u-ip", "lang": "ja", "status": "published",
        "title": "カキ養殖場の水質を見守るブイ型センサと出荷判断支援",
        "invention": "水質監視装置及び二枚貝養殖管理システム",
        "summary": "水温・塩分・クロロフィルを連続計測し、貝毒プランクトンの増殖リスクを予測する",
        "overview": (
            "養殖いかだに係留するブイに、水温・塩分・溶存酸素・クロロフィル蛍光のセンサを搭載した。"
            "太陽電池で駆動し、計測値を携帯網経由で10分ごとに送信する。"
            "過去の観測値と貝毒検査の結果から学習したモデルで、数日先の増殖リスクを漁業者に通知する。"
        ),
        "purpose": "貝毒による出荷停止の損失を減らし、計画的な出荷と採苗を可能にする。",
        "effect": "リスクの高い時期を事前に把握し、出荷や移動の判断を早められる。",
        "products": "養殖管理システム、沿岸環境モニタリングブイ、水産業向けクラウドサービス",
        "advantages": "センサ部の防汚構造により、3か月間メンテナンスなしで運用できる。",
        "fields": ["食品・バイオ", "計測・試験"], "functions": ["検査・検出", "環境・リサイクル対策"],
        "ipc": ["A01K 61/54", "G01N 33/18"], "stage": "field_test", "trl": 6,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": False, "impl": "yes", "lic": "no", "age": 190,
        "rights": [
            {"app": "特願2021-181256", "filed": "2021-11-05", "pub": "特開2023-069311", "co": "株式会社あおば計測"},
        ],
    },
    {
        # An application not yet laid open: visitors see the teaser only.
        "id": "demo-036", "org": "tohoku-u-ip", "lang": "ja", "status": "published",
        "title": "緑色で高出力に発振する窒化物半導体レーザー",
        "invention": "窒化物半導体レーザー素子及びその製造方法",
        "summary": "高出力の緑色半導体レーザーで、小型で色再現性の高いレーザー光源を実現する（出願公開前）",
        "overview": (
            "活性層の結晶成長条件と光閉じ込め構造を改良し、緑色域で高い光出力と長寿命を得た。"
            "詳細は出願公開前のため、秘密保持契約の締結後に開示する。"
        ),
        "purpose": "レーザープロジェクタや車載ヘッドアップディスプレイの光源を小型化・高効率化する。",
        "effect": "緑色域で従来素子を上回る光出力を得た。",
        "products": "レーザープロジェクタ、ヘッドアップディスプレイ、加工用光源",
        "advantages": "出願公開前につき、詳細は個別にご説明します。",
        "fields": ["電気・電子"], "functions": ["機械・部品の製造"],
        "ipc": ["H01S 5/343"], "stage": "prototype", "trl": 4,
        "types": ["exclusive_contract", "option"], "terms": "応相談（秘密保持契約の締結後に詳細開示）",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 25,
        "rights": [
            {"app": "特願2025-118234", "filed": "2025-07-11"},
        ],
    },
    {
        "id": "demo-037", "org": "tohoku-u-ip", "lang": "en", "status": "published",
        "title": "Friction stir welding of aluminium to steel without intermetallic cracking",
        "invention": "Dissimilar metal joining method and joined structure",
        "summary": "Joins aluminium and steel sheets at low heat input so the brittle interface layer stays below one micrometre",
        "overview": (
            "A rotating tool with a specially shaped shoulder stirs the aluminium side while only lightly "
            "contacting the steel. Tool speed and plunge depth are controlled from measured torque so the "
            "interface temperature stays within a narrow window. The intermetallic layer remains thinner than "
            "1 µm, which keeps the joint ductile."
        ),
        "purpose": "Build lighter car bodies and battery trays that combine aluminium and high-strength steel.",
        "effect": "Joint strength reached about 90% of the aluminium base metal in tensile tests.",
        "products": "Automotive body parts, EV battery housings, railway car structures",
        "advantages": "No filler metal, no fumes and lower energy use than arc welding or riveting.",
        "fields": ["機械・加工", "金属材料"], "functions": ["接着・接合", "機械・部品の製造"],
        "ipc": ["B23K 20/12"], "stage": "field_test", "trl": 6,
        "types": ["non_exclusive"], "terms": "Upfront fee plus running royalty",
        "support": True, "samples": True, "impl": "yes", "lic": "yes", "age": 350,
        "rights": [
            {"app": "特願2020-104518", "filed": "2020-06-17", "pub": "特開2021-198977", "reg": "特許第7287613号"},
        ],
    },

    # --- 大阪大学 (osaka-u-ip) ------------------------------------------------------
    {
        "id": "demo-038", "org": "osaka-u-ip", "lang": "ja", "status": "published",
        "title": "造影剤なしで血管を立体的に映す光音響イメージング装置",
        "invention": "光音響画像生成装置及び光音響プローブ",
        "summary": "レーザー光で血液を発熱させ、その超音波から皮下の血管網を3次元で画像化する",
        "overview": (
            "短パルスレーザーを皮膚に照射し、血中ヘモグロビンの熱膨張で生じる超音波を半球状の検出器で受信する。"
            "検出器配置と再構成アルゴリズムの改良で、深さ2 cmまでの血管を0.2 mmの分解能で描出できる。"
            "2波長の照射により血中酸素飽和度の分布も得られる。"
        ),
        "purpose": "被ばくや造影剤なしで、末梢血管の状態や腫瘍周囲の血管新生を評価する。",
        "effect": "糖尿病足病変やリンパ浮腫の評価に使える画像を数十秒で取得できた。",
        "products": "光音響診断装置、形成外科・皮膚科向け画像診断機器、動物実験用イメージング装置",
        "advantages": "X線やMRIに比べ装置が小さく、ベッドサイドで使える。",
        "fields": ["計測・試験", "電気・電子"], "functions": ["検査・検出"],
        "ipc": ["A61B 5/00", "G01N 29/24"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "応相談",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 220,
        "rights": [
            {"app": "特願2021-097761", "filed": "2021-06-11", "pub": "特開2022-189326", "reg": "特許第7466208号"},
        ],
    },
    {
        "id": "demo-039", "org": "osaka-u-ip", "lang": "ja", "status": "published",
        "title": "目的の臓器に効率よく遺伝子を届けるAAVベクター",
        "invention": "改変カプシドタンパク質を有するアデノ随伴ウイルスベクター",
        "summary": "カプシドの改変で筋肉への移行性を高め、投与量を減らした遺伝子治療用ベクター",
        "overview": (
            "アデノ随伴ウイルスのカプシド表面のループ領域に短いペプチドを挿入したライブラリを構築した。"
            "動物での選抜を繰り返し、骨格筋と心筋への移行性が高く肝臓への集積が少ない変異体を得た。"
            "従来の血清型に比べ、同じ発現量を得るための投与量を約10分の1にできる。"
        ),
        "purpose": "筋ジストロフィーなどの遺伝子治療で、高用量投与に伴う肝障害や製造コストを下げる。",
        "effect": "低用量で治療効果が得られ、安全性と製造コストの両面で有利になる。",
        "products": "遺伝子治療薬、研究用ベクター、ベクター製造受託サービス",
        "advantages": "既存の製造プロセスをそのまま使え、生産性も従来型と同等。",
        "fields": ["食品・バイオ", "化学・薬品"], "functions": ["材料・素材の製造"],
        "ipc": ["C12N 15/864", "A61K 48/00"], "stage": "poc", "trl": 4,
        "types": ["exclusive", "exclusive_contract", "option"], "terms": "応相談（オプション契約可）",
        "support": True, "samples": True, "impl": "no", "lic": "no", "age": 380,
        "rights": [
            {"app": "特願2021-015288", "filed": "2021-02-02", "pub": "特開2022-118493"},
            {"app": "特願2022-014905", "filed": "2022-02-02", "pub": "特開2023-113561"},
        ],
    },
    {
        "id": "demo-040", "org": "osaka-u-ip", "lang": "ja", "status": "published",
        "title": "自然な表情で対話するアンドロイドの表情生成技術",
        "invention": "ロボットの表情制御装置、表情制御方法及びプログラム",
        "summary": "会話の内容と相手の表情に合わせ、顔の多数のアクチュエータを協調して動かす",
        "overview": (
            "ロボットの顔の皮膚下に配置した空気圧アクチュエータの動きと、人の表情の対応を学習した。"
            "対話相手の表情と発話内容から、うなずきや微笑みのタイミングを生成する。"
            "動作の遅れや不自然な静止を減らし、不気味さを感じにくい振る舞いを実現した。"
        ),
        "purpose": "受付、介護、教育の場で、人が違和感なく話せる対話ロボットを作る。",
        "effect": "被験者実験で、対話相手としての自然さの評価が従来制御より向上した。",
        "products": "受付・案内ロボット、遠隔操作アバター、コミュニケーション訓練システム",
        "advantages": "CGアバターにも同じ制御を適用でき、ロボットとアプリで共通に使える。",
        "fields": ["機械・加工", "情報・通信"], "functions": ["制御・ソフトウェア"],
        "ipc": ["B25J 11/00", "G06N 3/00"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": False, "impl": "yes", "lic": "no", "age": 270,
        "rights": [
            {"app": "特願2020-210553", "filed": "2020-12-18", "pub": "特開2022-097234", "reg": "特許第7426081号"},
        ],
    },
    {
        "id": "demo-041", "org": "osaka-u-ip", "lang": "ja", "status": "published",
        "title": "焼結銀による250℃対応パワーモジュールの接合技術",
        "invention": "接合材料、接合方法及び半導体装置",
        "summary": "加圧なしの低温焼結で、はんだより熱に強い銀接合層を形成する",
        "overview": (
            "ミクロンサイズの銀粒子に、表面を特殊処理したサブミクロン粒子を混合したペーストを用いる。"
            "200℃前後・無加圧の焼結で緻密な接合層ができ、既存のダイボンダで実装できる。"
            "-40〜250℃の熱サイクル試験で、はんだ接合に比べ剥離の進行が大幅に遅い。"
        ),
        "purpose": "高温で動作するSiCやGaNのパワー素子の性能を、実装側で制限しないようにする。",
        "effect": "パワーモジュールの高温動作と長寿命化を両立できる。",
        "products": "車載インバータ用パワーモジュール、産業用電源、LED実装",
        "advantages": "高価なナノ銀粒子や加圧装置が不要で、量産コストを抑えられる。",
        "fields": ["電気・電子", "金属材料"], "functions": ["接着・接合", "材料・素材の製造"],
        "ipc": ["H01L 21/52", "B22F 1/00"], "stage": "field_test", "trl": 7,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "一時金＋ランニングロイヤリティ",
        "support": True, "samples": True, "impl": "yes", "lic": "yes", "age": 440,
        "rights": [
            {"app": "特願2019-137042", "filed": "2019-07-25", "pub": "特開2021-021011", "reg": "特許第7155491号", "co": "なにわ電子材料株式会社"},
        ],
    },
    {
        "id": "demo-042", "org": "osaka-u-ip", "lang": "en", "status": "published",
        "title": "Reinforcement-learning traffic signal control for congested city centres",
        "invention": "Traffic signal control device, control method and program",
        "summary": "Coordinates signal timings across a district from camera-based vehicle counts to cut waiting time",
        "overview": (
            "Vehicle and pedestrian counts from existing road cameras feed a multi-agent reinforcement-learning "
            "controller. Each intersection learns its phase timing while sharing a compact state with its "
            "neighbours. A safety layer enforces minimum green and pedestrian clearance times regardless of "
            "the learned policy."
        ),
        "purpose": "Reduce congestion and emissions without building new roads.",
        "effect": "Average waiting time fell by about 20% in a simulation of a real city-centre network.",
        "products": "Adaptive traffic control systems, smart-city platforms, event traffic management",
        "advantages": "Works with existing cameras and signal controllers via a standard interface.",
        "fields": ["情報・通信", "輸送"], "functions": ["制御・ソフトウェア", "環境・リサイクル対策"],
        "ipc": ["G08G 1/08", "G06N 20/00"], "stage": "poc", "trl": 4,
        "types": ["non_exclusive"], "terms": "Negotiable",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 110,
        "rights": [
            {"app": "特願2023-034880", "filed": "2023-03-07", "pub": "特開2024-128027"},
        ],
    },
    {
        "id": "demo-043", "org": "osaka-u-ip", "lang": "ja", "status": "published",
        "title": "温度応答性培養皿で作る積層細胞シート",
        "invention": "細胞シート積層体の製造方法及び細胞シート積層体",
        "summary": "酵素を使わずに細胞シートを剥がして積み重ね、血管を備えた厚い組織を作る",
        "overview": (
            "温度で表面の親水性が変わる高分子を固定した培養皿で、細胞をシート状に培養する。"
            "温度を下げるだけでシートを細胞外マトリックスごと回収でき、積層時の接着性が高い。"
            "シートの間に血管内皮細胞を挟むことで、厚い組織の内部まで栄養が届く。"
        ),
        "purpose": "心筋や角膜などの再生医療で、移植可能な厚い組織を作る。",
        "effect": "積層しても中心部の細胞が死ににくく、5層以上の組織を構築できた。",
        "products": "再生医療用細胞シート、創薬用3次元組織モデル、培養器材",
        "advantages": "酵素処理による細胞表面タンパク質の損傷がない。",
        "fields": ["食品・バイオ", "化学・薬品"], "functions": ["材料・素材の製造"],
        "ipc": ["C12N 5/071", "A61L 27/38"], "stage": "poc", "trl": 4,
        "types": ["non_exclusive", "research_free"], "terms": "応相談",
        "support": True, "samples": False, "impl": "no", "lic": "unknown", "age": 320,
        "rights": [
            {"app": "特願2021-138720", "filed": "2021-08-27", "pub": "特開2023-032677"},
        ],
    },
    {
        "id": "demo-044", "org": "osaka-u-ip", "lang": "ja", "status": "draft",
        "title": "拡張現実で理科の実験を安全に体験できる教材",
        "invention": "学習支援装置、学習支援方法及びプログラム",
        "summary": "タブレット越しの仮想実験で、危険な薬品を使わずに化学反応を観察する",
        "overview": (
            "机上に置いたマーカー付きの実験器具を、タブレットのカメラで認識する。"
            "器具の傾きや混合の操作に応じて、物理・化学モデルに基づく反応の様子を重ねて表示する。"
            "生徒の操作履歴を記録し、教員が理解度を確認できる。"
        ),
        "purpose": "設備や安全面の制約で実施しにくい実験を、どの学校でも体験できるようにする。",
        "effect": "実物の器具に触れながら学べ、画面だけの教材より理解度が高い。",
        "products": "理科教材、学習アプリ、企業の安全教育システム",
        "advantages": "専用ゴーグルが不要で、学校の既存タブレットで動作する。",
        "fields": ["生活・文化", "情報・通信"], "functions": ["制御・ソフトウェア", "安全・福祉対策"],
        "ipc": ["G09B 5/02", "G06T 19/00"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": False, "samples": False, "impl": "no", "lic": "no", "age": 8,
        "rights": [
            {"app": "特願2024-056631", "filed": "2024-03-29", "pub": "特開2025-151402"},
        ],
    },
    {
        "id": "demo-045", "org": "osaka-u-ip", "lang": "ja", "status": "published",
        "title": "混合廃プラスチックを油に戻すケミカルリサイクル触媒",
        "invention": "プラスチック分解用触媒及び分解油の製造方法",
        "summary": "ゼオライト触媒で、ポリオレフィン混合廃棄物を低温でナフサ相当の油に分解する",
        "overview": (
            "細孔径と酸性度を制御したゼオライト触媒を用い、ポリエチレンやポリプロピレンを350℃程度で分解する。"
            "塩素を含むプラスチックが混入しても、前段の脱塩素剤で触媒の劣化を防ぐ。"
            "得られる油は石油化学原料として再利用できる組成となる。"
        ),
        "purpose": "焼却や埋立てに回っている混合プラスチックを、化学原料として循環させる。",
        "effect": "熱分解法より低温で、ガス化による損失を抑えて液体収率を高められる。",
        "products": "ケミカルリサイクル設備、分解触媒、地域の廃プラスチック油化装置",
        "advantages": "触媒は再生して繰り返し使え、分別の不十分な廃棄物にも対応できる。",
        "fields": ["化学・薬品", "有機材料"], "functions": ["環境・リサイクル対策"],
        "ipc": ["C08J 11/16", "B01J 29/40"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "応相談",
        "support": True, "samples": True, "impl": "no", "lic": "no", "age": 180,
        "rights": [
            {"app": "特願2022-045613", "filed": "2022-03-22", "pub": "特開2023-139870", "reg": "特許第7662075号"},
        ],
    },
    {
        # Licensed non-exclusively once: it stays on offer with 許諾実績 = 有.
        "id": "demo-046", "org": "osaka-u-ip", "lang": "ja", "status": "published", "licensed_non_exclusive": True,
        "title": "嚥下しやすい介護食を形づくる食品3Dプリンタ",
        "invention": "立体造形食品の製造方法及び食品造形装置",
        "summary": "ペースト食材の硬さを層ごとに変えて造形し、見た目も楽しめるやわらか食を作る",
        "overview": (
            "ゲル化剤の種類と加熱条件を層ごとに制御しながら、ペースト状の食材を積層造形する。"
            "外側は形状を保つ硬さ、内側は舌でつぶせる硬さとし、嚥下しやすさと見た目を両立した。"
            "施設の献立データから造形データを自動生成するソフトウェアを備える。"
        ),
        "purpose": "高齢者施設のやわらか食の見た目と食欲を改善し、調理の手間を減らす。",
        "effect": "嚥下調整食の基準を満たしながら、元の料理に近い外観を再現できる。",
        "products": "介護食・病院食、食品3Dプリンタ、個別化栄養食品",
        "advantages": "型を使わないため、少量多品種の献立に対応できる。",
        "fields": ["食品・バイオ", "機械・加工"], "functions": ["食品・飲料の製造", "安全・福祉対策"],
        "ipc": ["A23P 20/20", "B33Y 10/00"], "stage": "field_test", "trl": 6,
        "types": ["non_exclusive"], "terms": "一時金＋ランニングロイヤリティ",
        "support": True, "samples": True, "impl": "yes", "lic": "no", "age": 410,
        "rights": [
            {"app": "特願2020-071966", "filed": "2020-04-14", "pub": "特開2021-168584", "reg": "特許第7249573号"},
        ],
    },
    {
        "id": "demo-047", "org": "osaka-u-ip", "lang": "en", "status": "published", "tier": "members",
        "title": "High-efficiency solid oxide electrolysis cell for green hydrogen",
        "invention": "Solid oxide electrolysis cell and method for producing hydrogen",
        "summary": "Splits steam at 600 °C with a proton-conducting electrolyte, using waste heat to cut electricity demand",
        "overview": (
            "A thin proton-conducting ceramic electrolyte is co-sintered on a porous nickel support. "
            "A graded steam electrode suppresses electronic leakage, which usually limits the efficiency of "
            "proton-conducting cells. The cell operates at 600 °C, so stainless steel interconnects can be used."
        ),
        "purpose": "Produce hydrogen from renewable electricity at lower cost than low-temperature electrolysers.",
        "effect": "Faradaic efficiency above 90% at practical current densities in lab-scale stacks.",
        "products": "Hydrogen electrolysers, co-electrolysis for synthetic fuels, reversible fuel cells",
        "advantages": "Lower operating temperature than oxide-ion cells means cheaper materials and longer life.",
        "fields": ["化学・薬品", "電気・電子"], "functions": ["環境・リサイクル対策", "材料・素材の製造"],
        "ipc": ["C25B 9/00", "C25B 1/04", "H01M 8/12"], "stage": "prototype", "trl": 4,
        "types": ["exclusive_contract", "option", "non_exclusive"], "terms": "Negotiable",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 130,
        "rights": [
            {"app": "特願2022-173008", "filed": "2022-10-28", "pub": "特開2024-064402"},
        ],
    },
    {
        "id": "demo-048", "org": "osaka-u-ip", "lang": "ja", "status": "published",
        "title": "港湾構造物を点検する小型水中ドローン",
        "invention": "水中点検装置及び水中移動体",
        "summary": "濁った水中でも岸壁に沿って自律航行し、ひび割れや腐食を撮影・計測する",
        "overview": (
            "小型の水中ドローンに、音響測距と構造化光を組み合わせた近接計測センサを搭載した。"
            "濁度の高い港湾でも岸壁との距離を一定に保ちながら自律航行できる。"
            "撮影した画像を3次元モデルに統合し、ひび割れの位置と幅を記録する。"
        ),
        "purpose": "潜水士による危険で費用のかかる水中点検を、機械で置き換える。",
        "effect": "同じ範囲の点検を潜水士の約3分の1の時間で行えた。",
        "products": "港湾・ダムの点検サービス、水中ドローン、養殖網の点検装置",
        "advantages": "母船や大型クレーンが不要で、小型ボートから運用できる。",
        "fields": ["輸送", "計測・試験"], "functions": ["検査・検出", "安全・福祉対策"],
        "ipc": ["B63C 11/52", "B63G 8/00"], "stage": "field_test", "trl": 6,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": False, "impl": "yes", "lic": "no", "age": 90,
        "rights": [
            {"app": "特願2022-102267", "filed": "2022-06-24", "pub": "特開2024-001590", "co": "株式会社大阪湾マリンテック"},
        ],
    },

    # --- 九州大学 (kyushu-u-ip; new listings go through admin review) ----------------
    {
        "id": "demo-049", "org": "kyushu-u-ip", "lang": "ja", "status": "published",
        "title": "レアメタルを使わない高効率な有機EL発光材料",
        "invention": "熱活性化遅延蛍光材料、発光素子及び化合物",
        "summary": "イリジウムを使わずに内部量子効率ほぼ100%を実現する熱活性化遅延蛍光（TADF）材料",
        "overview": (
            "電子供与部と電子受容部をねじれた配置で結合した有機分子を設計し、一重項と三重項のエネルギー差を小さくした。"
            "三重項励起子を熱で一重項に戻して発光させるため、レアメタル錯体なしで高効率に光る。"
            "分子の剛直化により発光スペクトルが狭く、青色の色純度が高い。"
        ),
        "purpose": "有機ELディスプレイや照明から、希少で高価な金属を含む材料をなくす。",
        "effect": "外部量子効率20%以上の青色素子を試作し、寿命も改善した。",
        "products": "有機ELディスプレイ、有機EL照明、発光材料",
        "advantages": "イリジウム錯体より材料コストが低く、分子設計の自由度が高い。",
        "fields": ["有機材料", "電気・電子"], "functions": ["材料・素材の製造"],
        "ipc": ["C09K 11/06", "H01L 51/50"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "一時金＋ランニングロイヤリティ",
        "support": True, "samples": True, "impl": "yes", "lic": "yes", "age": 495,
        "rights": [
            {"app": "特願2019-170518", "filed": "2019-09-19", "pub": "特開2021-046447", "reg": "特許第7198511号"},
        ],
    },
    {
        "id": "demo-050", "org": "kyushu-u-ip", "lang": "ja", "status": "published",
        "title": "白金使用量を半減した燃料電池用コアシェル触媒",
        "invention": "燃料電池用電極触媒及びその製造方法",
        "summary": "安価な金属の粒子を白金の単原子層で覆い、活性と耐久性を両立する",
        "overview": (
            "パラジウム合金のナノ粒子を核とし、その表面を白金の原子層で均一に被覆する。"
            "電気化学的な置換反応を連続フロー装置で行い、グラム単位の合成を可能にした。"
            "加速劣化試験の後も白金の溶出が少なく、質量当たりの活性は市販触媒の2倍以上を維持した。"
        ),
        "purpose": "燃料電池車や定置用燃料電池の、白金によるコストを下げる。",
        "effect": "同じ出力を得るための白金量を半分以下にできる。",
        "products": "燃料電池用触媒、水電解用電極、排ガス浄化触媒",
        "advantages": "連続合成のため品質のばらつきが小さく、量産に移行しやすい。",
        "fields": ["化学・薬品", "電気・電子"], "functions": ["材料・素材の製造", "環境・リサイクル対策"],
        "ipc": ["H01M 4/92", "B01J 23/42"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "応相談",
        "support": True, "samples": True, "impl": "no", "lic": "no", "age": 235,
        "rights": [
            {"app": "特願2021-066184", "filed": "2021-04-08", "pub": "特開2022-161289", "reg": "特許第7415210号", "co": "玄海ケミカル株式会社"},
        ],
    },
    {
        "id": "demo-051", "org": "kyushu-u-ip", "lang": "ja", "status": "pending_review",
        "title": "土砂災害の前兆をとらえる低価格な斜面傾斜センサ",
        "invention": "斜面監視装置及び土砂災害警報システム",
        "summary": "杭に取り付ける傾斜センサの微小な変化から、崩壊の数時間前に警報を出す",
        "overview": (
            "斜面に打ち込んだ杭にMEMS傾斜計と土壌水分計を取り付け、10分ごとに計測値を送信する。"
            "降雨量と傾斜速度の関係から崩壊までの時間を推定し、閾値を超えると自治体と住民に通知する。"
            "電池駆動で1年以上動作し、設置は2人で30分程度で完了する。"
        ),
        "purpose": "九州北部豪雨のような災害で、住民の早期避難を支援する。",
        "effect": "実証地で、小規模な崩壊の約5時間前に傾斜速度の上昇を検知した。",
        "products": "土砂災害監視システム、道路・鉄道の斜面監視、工事現場の安全管理",
        "advantages": "従来の伸縮計や地中傾斜計より安価で、多数の地点に配置できる。",
        "fields": ["土木・建築", "計測・試験"], "functions": ["安全・福祉対策", "検査・検出"],
        "ipc": ["G01C 9/00", "G08B 21/10"], "stage": "field_test", "trl": 6,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": True, "impl": "yes", "lic": "no", "age": 6,
        "rights": [
            {"app": "特願2023-185492", "filed": "2023-10-30", "pub": "特開2025-072118"},
        ],
    },
    {
        "id": "demo-052", "org": "kyushu-u-ip", "lang": "ja", "status": "published",
        "title": "高水温でも色落ちしにくいノリ養殖の管理技術",
        "invention": "のり養殖方法及び養殖網の管理装置",
        "summary": "水温と栄養塩の予測に基づいて網の干出と施肥を制御し、ノリの色落ちを防ぐ",
        "overview": (
            "有明海の水温・栄養塩濃度の観測データと気象予報から、1週間先の栄養塩の不足を予測する。"
            "予測に基づき、網を海面から上げる干出の時間と、緩効性の栄養剤を散布する量を決める。"
            "漁業者のスマートフォンに作業の推奨時刻を通知する。"
        ),
        "purpose": "海水温の上昇と栄養塩不足による、ノリの色落ちと品質低下を防ぐ。",
        "effect": "試験漁場で、色落ちの発生期間を短縮し上位等級の割合が増えた。",
        "products": "ノリ養殖支援サービス、養殖用栄養剤、沿岸環境予測システム",
        "advantages": "既存の漁場観測ブイのデータを活用でき、追加設備が少ない。",
        "fields": ["食品・バイオ", "情報・通信"], "functions": ["制御・ソフトウェア", "食品・飲料の製造"],
        "ipc": ["A01G 33/02"], "stage": "field_test", "trl": 6,
        "types": ["non_exclusive"], "terms": "応相談（漁業協同組合との連携を希望）",
        "support": True, "samples": False, "impl": "yes", "lic": "no", "age": 400,
        "rights": [
            {"app": "特願2021-192641", "filed": "2021-11-26", "pub": "特開2023-079328", "reg": "特許第7539044号"},
        ],
    },
    {
        "id": "demo-053", "org": "kyushu-u-ip", "lang": "en", "status": "published",
        "title": "High-strength steel resistant to hydrogen embrittlement",
        "invention": "Steel material for high-pressure hydrogen and method for manufacturing the same",
        "summary": "A nano-precipitate design traps hydrogen so steel for hydrogen stations keeps its toughness",
        "overview": (
            "Fine vanadium-molybdenum carbides are precipitated by a two-step tempering treatment. The "
            "precipitates trap diffusible hydrogen at their interfaces and keep it away from grain boundaries. "
            "In slow strain-rate tests under 90 MPa hydrogen, elongation stayed close to that in air."
        ),
        "purpose": "Make hydrogen refuelling stations and pipelines cheaper with thinner, lighter steel parts.",
        "effect": "Allows higher design stress than austenitic stainless steel at a lower material cost.",
        "products": "Hydrogen station accumulators and valves, pipelines, high-pressure vessels",
        "advantages": "No expensive nickel; uses conventional heat-treatment lines.",
        "fields": ["金属材料"], "functions": ["材料・素材の製造", "安全・福祉対策"],
        "ipc": ["C22C 38/00", "C21D 9/00"], "stage": "field_test", "trl": 6,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "Upfront fee plus running royalty",
        "support": True, "samples": True, "impl": "no", "lic": "no", "age": 315,
        "rights": [
            {"app": "特願2020-139517", "filed": "2020-08-20", "pub": "特開2022-035241", "reg": "特許第7320186号"},
        ],
    },
    {
        "id": "demo-054", "org": "kyushu-u-ip", "lang": "ja", "status": "published",
        "title": "次世代半導体パッケージ用の反りにくいガラスコア基板",
        "invention": "半導体パッケージ用ガラス基板及びその製造方法",
        "summary": "熱膨張を調整したガラスに微細な貫通孔を高速で開け、大型パッケージの反りを抑える",
        "overview": (
            "アルミノシリケート系ガラスの組成を調整し、熱膨張係数をシリコンと有機基板の中間に合わせた。"
            "レーザー改質とエッチングを組み合わせ、直径30 µmの貫通孔を毎秒数千個の速度で形成する。"
            "孔内の銅めっきの密着性を高める表面処理も含む。"
        ),
        "purpose": "AI向けの大型チップレットパッケージで問題となる基板の反りと配線の微細化に対応する。",
        "effect": "有機コア基板に比べ反りを約半分に抑え、配線の微細化が可能になる。",
        "products": "半導体パッケージ基板、インターポーザ、高周波モジュール基板",
        "advantages": "既存のガラス製造ラインとレーザー加工機で製造できる。",
        "fields": ["電気・電子", "無機材料"], "functions": ["材料・素材の製造", "機械・部品の製造"],
        "ipc": ["H01L 23/15", "C03C 3/091"], "stage": "prototype", "trl": 4,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "応相談",
        "support": True, "samples": True, "impl": "no", "lic": "no", "age": 50,
        "rights": [
            {"app": "特願2023-153176", "filed": "2023-09-20", "pub": "特開2025-045861"},
        ],
    },
    {
        "id": "demo-055", "org": "kyushu-u-ip", "lang": "ja", "status": "published",
        "title": "ドローン空撮画像による水稲の生育診断と可変施肥",
        "invention": "作物生育診断装置、施肥量決定方法及びプログラム",
        "summary": "マルチスペクトル画像から稲の窒素状態を推定し、圃場内の場所ごとに追肥量を決める",
        "overview": (
            "ドローンで撮影したマルチスペクトル画像から植生指数を計算し、生育ステージに応じて補正する。"
            "圃場内を数メートル格子に分け、格子ごとの窒素吸収量と必要な追肥量を推定する。"
            "結果を施肥機やドローン散布機が読み込める形式で出力する。"
        ),
        "purpose": "肥料の過不足による減収や倒伏を防ぎ、肥料コストと環境負荷を減らす。",
        "effect": "実証圃場で、収量を維持したまま窒素施肥量を約15%削減した。",
        "products": "営農支援サービス、農業用ドローン、可変施肥機",
        "advantages": "品種や地域ごとの補正係数を少ない圃場データで調整できる。",
        "fields": ["食品・バイオ", "情報・通信"], "functions": ["制御・ソフトウェア", "環境・リサイクル対策"],
        "ipc": ["A01B 79/00", "G06T 7/00", "B64C 39/02"], "stage": "field_test", "trl": 7,
        "types": ["non_exclusive"], "terms": "ランニングロイヤリティ（応相談）",
        "support": True, "samples": False, "impl": "yes", "lic": "yes", "age": 375,
        "rights": [
            {"app": "特願2020-199281", "filed": "2020-12-01", "pub": "特開2022-087213", "reg": "特許第7386510号"},
        ],
    },
    {
        "id": "demo-056", "org": "kyushu-u-ip", "lang": "ja", "status": "published",
        "title": "工場の低温排熱で動く吸着式冷凍機",
        "invention": "吸着式冷凍装置及び吸着材",
        "summary": "60℃程度の排熱で冷水を作る、小型で高出力の吸着式冷凍機",
        "overview": (
            "水蒸気の吸着量が大きく、低温で脱着する複合吸着材を開発した。"
            "吸着材を熱交換器のフィンに薄く塗布し、熱と物質の移動を速めて出力密度を高めた。"
            "切替え弁の制御を最適化し、排熱温度の変動にも追従して運転できる。"
        ),
        "purpose": "工場やデータセンターで捨てている低温の排熱を、冷房や工程冷却に使う。",
        "effect": "電動冷凍機の電力消費を減らし、CO2排出を削減できる。",
        "products": "吸着式冷凍機、排熱利用空調システム、コージェネレーション設備",
        "advantages": "フロン類を使わず、水を冷媒とするため環境負荷が小さい。",
        "fields": ["機械・加工", "化学・薬品"], "functions": ["加熱・冷却", "環境・リサイクル対策"],
        "ipc": ["F25B 17/08"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "応相談",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 290,
        "rights": [
            {"app": "特願2021-024757", "filed": "2021-02-19", "pub": "特開2022-126953", "reg": "特許第7478319号"},
        ],
    },
    {
        "id": "demo-057", "org": "kyushu-u-ip", "lang": "ja", "status": "draft",
        "title": "大豆発酵食品から得た血糖値上昇を抑える機能性素材",
        "invention": "血糖値上昇抑制剤及び発酵大豆食品の製造方法",
        "summary": "特定の麹菌株で大豆を発酵させ、食後血糖の上昇を抑える成分を高める",
        "overview": (
            "伝統的な大豆発酵食品から分離した麹菌株で、大豆イソフラボンの変換と特定ペプチドの生成を促す。"
            "発酵条件の最適化により、有効成分の含量が市販品の約3倍となった。"
            "ヒト試験で、食後血糖値の上昇を抑える傾向が認められた。"
        ),
        "purpose": "日常の食品で血糖値の管理を助ける、機能性表示食品の素材を提供する。",
        "effect": "食味を損なわずに機能性成分を高められる。",
        "products": "機能性表示食品、発酵調味料、サプリメント原料",
        "advantages": "地域の醸造業者の既存設備で製造できる。",
        "fields": ["食品・バイオ"], "functions": ["食品・飲料の製造"],
        "ipc": ["A23L 11/00", "A23L 33/105"], "stage": "poc", "trl": 4,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": True, "impl": "no", "lic": "no", "age": 15,
        "rights": [
            {"app": "特願2024-019870", "filed": "2024-02-14", "pub": "特開2025-122931"},
        ],
    },
    {
        "id": "demo-058", "org": "kyushu-u-ip", "lang": "ja", "status": "published",
        "title": "打音とAIで橋のコンクリート内部の損傷を判定する点検装置",
        "invention": "打音検査装置、損傷判定方法及びプログラム",
        "summary": "ハンマーで叩いた音を機械学習で分析し、浮きや剥離を熟練者並みに判定する",
        "overview": (
            "打撃装置とマイクを一体にした検査ヘッドで、一定の力でコンクリート表面を叩く。"
            "打撃音の周波数特性を機械学習で分類し、浮き・剥離・空洞の有無を判定する。"
            "判定結果を位置情報とともに記録し、点検調書を自動作成する。"
        ),
        "purpose": "熟練技術者の不足に対応し、インフラ点検の品質を一定に保つ。",
        "effect": "熟練者の判定と高い一致率を示し、点検記録の作成時間も短縮した。",
        "products": "橋梁・トンネル点検装置、点検ロボット、インフラ維持管理システム",
        "advantages": "周囲の騒音が大きい現場でも、指向性マイクとノイズ除去で判定できる。",
        "fields": ["計測・試験", "土木・建築"], "functions": ["検査・検出", "制御・ソフトウェア"],
        "ipc": ["G01N 29/04", "E01D 22/00"], "stage": "field_test", "trl": 7,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": False, "impl": "yes", "lic": "yes", "age": 455,
        "rights": [
            {"app": "特願2019-223906", "filed": "2019-12-11", "pub": "特開2021-092432", "reg": "特許第7241310号"},
        ],
    },

    # --- 名古屋大学 (nagoya-u-ip) ----------------------------------------------------
    {
        "id": "demo-059", "org": "nagoya-u-ip", "lang": "ja", "status": "published",
        "title": "大電流でも効率が落ちにくい窒化ガリウム系LED",
        "invention": "窒化物半導体発光素子及びその製造方法",
        "summary": "活性層の構造を工夫し、高輝度で使うと効率が下がるドループ現象を抑える",
        "overview": (
            "InGaN量子井戸の障壁層に組成を段階的に変えた層を挿入し、電子の溢れを抑えた。"
            "結晶成長の温度プロファイルを最適化し、インジウムの偏析による非発光中心を減らした。"
            "大電流密度での外部量子効率の低下を従来素子の約半分に抑えた。"
        ),
        "purpose": "車載ヘッドランプやプロジェクタなど、大電流で使うLEDの効率を高める。",
        "effect": "同じ明るさを少ない素子数と電力で得られる。",
        "products": "高輝度LED、車載照明、紫外LED、マイクロLEDディスプレイ",
        "advantages": "既存のMOCVD装置で成長条件を変えるだけで適用できる。",
        "fields": ["電気・電子", "無機材料"], "functions": ["機械・部品の製造", "材料・素材の製造"],
        "ipc": ["H01L 33/32", "H01L 33/06"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "一時金＋ランニングロイヤリティ",
        "support": True, "samples": True, "impl": "no", "lic": "yes", "age": 530,
        "rights": [
            {"app": "特願2018-096512", "filed": "2018-05-18", "pub": "特開2019-204953", "reg": "特許第7004216号"},
        ],
    },
    {
        "id": "demo-060", "org": "nagoya-u-ip", "lang": "ja", "status": "published",
        "title": "自動運転車のための歩行者の飛び出し予測",
        "invention": "歩行者行動予測装置、車両制御装置及びプログラム",
        "summary": "姿勢や視線の向きから、数秒先に道路へ出てくる歩行者を予測する",
        "overview": (
            "車載カメラ画像から歩行者の骨格姿勢と頭部の向きを推定し、時系列のニューラルネットワークで移動を予測する。"
            "道路の形状や横断歩道の位置を地図から取り込み、予測の不確かさも出力する。"
            "不確かさが大きい場合は、早めに減速するよう車両制御に反映する。"
        ),
        "purpose": "住宅街や交差点での歩行者事故を防ぎ、自動運転の安全性を高める。",
        "effect": "走行データでの評価で、飛び出しを従来手法より約1秒早く予測できた。",
        "products": "自動運転システム、先進運転支援システム、交差点見守り装置",
        "advantages": "一般的な単眼カメラで動作し、高価なセンサを必要としない。",
        "fields": ["輸送", "情報・通信"], "functions": ["安全・福祉対策", "制御・ソフトウェア"],
        "ipc": ["G08G 1/16", "B60W 30/095", "G06N 3/04"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 100,
        "rights": [
            {"app": "特願2022-157843", "filed": "2022-09-30", "pub": "特開2024-051582", "reg": "特許第7702931号", "co": "中部モビリティ研究所株式会社"},
        ],
    },
    {
        "id": "demo-061", "org": "nagoya-u-ip", "lang": "ja", "status": "published",
        "title": "熱可塑性CFRPを短時間で成形するRTM法",
        "invention": "繊維強化樹脂成形品の製造方法及び成形装置",
        "summary": "低粘度モノマーを型内で重合させ、熱可塑性CFRP部品を数分で成形する",
        "overview": (
            "炭素繊維の織物を閉じた金型に置き、低粘度のモノマーと触媒を注入して型内で重合させる。"
            "繊維への含浸が速く、成形後は熱可塑性樹脂となるため溶着や再成形ができる。"
            "成形サイクルは約5分で、熱硬化性CFRPの数分の1となる。"
        ),
        "purpose": "自動車向けにCFRP部品を低コスト・高サイクルで量産する。",
        "effect": "量産車の構造部品に使える生産性と、リサイクル性を両立できる。",
        "products": "自動車構造部品、ドローン・ロボットのフレーム、スポーツ用品",
        "advantages": "熱硬化性樹脂と違い、端材や使用済み部品を溶かして再利用できる。",
        "fields": ["有機材料", "機械・加工"], "functions": ["機械・部品の製造", "環境・リサイクル対策"],
        "ipc": ["B29C 70/48", "C08J 5/24"], "stage": "field_test", "trl": 6,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "一時金＋ランニングロイヤリティ",
        "support": True, "samples": True, "impl": "yes", "lic": "no", "age": 245,
        "rights": [
            {"app": "特願2020-163590", "filed": "2020-09-29", "pub": "特開2022-055930", "reg": "特許第7359302号", "co": "中部コンポジット株式会社"},
        ],
    },
    {
        "id": "demo-062", "org": "nagoya-u-ip", "lang": "ja", "status": "published", "tier": "members",
        "title": "航空機の主翼を軽くする複合材の一体成形桁",
        "invention": "複合材構造体、翼構造及び複合材構造体の製造方法",
        "summary": "桁とリブを一体に積層成形し、ファスナを減らして主翼を軽量化する",
        "overview": (
            "自動積層機で炭素繊維テープを曲面の型に積み、桁とリブの接合部を一体で成形する。"
            "接合部の積層順序を工夫し、はく離の起点となる応力集中を抑えた。"
            "ボルトやリベットの数を大幅に減らし、組立工数と重量を削減できる。"
        ),
        "purpose": "次世代の小型旅客機や空飛ぶクルマの機体を軽くし、燃費と航続距離を改善する。",
        "effect": "試作した翼構造で、金属ファスナ接合の複合材構造より約10%軽量化した。",
        "products": "航空機の主翼・尾翼、eVTOL機体、風力発電ブレード",
        "advantages": "部品点数の削減で、検査・保守の工数も減る。",
        "fields": ["輸送", "有機材料"], "functions": ["機械・部品の製造"],
        "ipc": ["B64C 3/18", "B29C 70/30"], "stage": "prototype", "trl": 5,
        "types": ["exclusive_contract", "option"], "terms": "応相談（共同研究からの開始を希望）",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 210,
        "rights": [
            {"app": "特願2021-209364", "filed": "2021-12-23", "pub": "特開2023-094112"},
        ],
    },
    {
        "id": "demo-063", "org": "nagoya-u-ip", "lang": "en", "status": "published",
        "title": "Regeneratively cooled combustion chamber made by metal 3D printing",
        "invention": "Rocket engine combustion chamber and method for manufacturing the same",
        "summary": "Printed cooling channels with varying cross-section keep the chamber wall cool at lower pump power",
        "overview": (
            "The combustion chamber and its internal cooling channels are built in one piece by laser powder-bed "
            "fusion of a copper alloy. Channel cross-sections vary along the chamber to follow the local heat flux. "
            "Turbulence ribs are printed only where heat flux peaks, limiting the pressure drop."
        ),
        "purpose": "Make small launch-vehicle engines cheaper and faster to build.",
        "effect": "Coolant pressure loss was about 30% lower than straight channels at the same wall temperature.",
        "products": "Small launch vehicle engines, satellite thrusters, high-heat-flux industrial heat exchangers",
        "advantages": "One printed part replaces dozens of brazed components.",
        "fields": ["輸送", "機械・加工"], "functions": ["加熱・冷却", "機械・部品の製造"],
        "ipc": ["F02K 9/64", "B33Y 80/00"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "Negotiable",
        "support": True, "samples": False, "impl": "no", "lic": "no", "age": 155,
        "rights": [
            {"app": "特願2022-087245", "filed": "2022-05-30", "pub": "特開2023-175122"},
        ],
    },
    {
        "id": "demo-064", "org": "nagoya-u-ip", "lang": "ja", "status": "published",
        "title": "作物自身の抵抗力を高める病害抵抗性誘導剤",
        "invention": "植物病害防除剤及び植物病害の防除方法",
        "summary": "殺菌せずに植物の免疫を呼び起こし、いもち病や灰色かび病を防ぐ",
        "overview": (
            "植物の免疫受容体を活性化するピラゾール系化合物を見いだした。"
            "葉面散布で全身的な抵抗性が誘導され、病原菌に直接作用しないため耐性菌が生じにくい。"
            "圃場試験で、既存の殺菌剤と同等の防除効果を低い散布量で示した。"
        ),
        "purpose": "殺菌剤の耐性菌問題に対応し、環境負荷の小さい病害防除を実現する。",
        "effect": "散布回数と薬剤使用量を減らしても、安定した防除効果が得られる。",
        "products": "農薬（病害抵抗性誘導剤）、種子処理剤、園芸用資材",
        "advantages": "魚類や有用昆虫への影響が小さく、有機栽培に近い体系で使える可能性がある。",
        "fields": ["化学・薬品", "食品・バイオ"], "functions": ["環境・リサイクル対策", "安全・福祉対策"],
        "ipc": ["A01N 43/56", "A01P 3/00"], "stage": "field_test", "trl": 6,
        "types": ["exclusive", "exclusive_contract"], "terms": "一時金＋ランニングロイヤリティ",
        "support": True, "samples": True, "impl": "no", "lic": "no", "age": 345,
        "rights": [
            {"app": "特願2020-046219", "filed": "2020-03-17", "pub": "特開2021-147431", "reg": "特許第7291870号"},
        ],
    },
    {
        "id": "demo-065", "org": "nagoya-u-ip", "lang": "ja", "status": "published",
        "title": "一人暮らしの高齢者を見守る非接触センサ",
        "invention": "見守りシステム、生体情報検出装置及びプログラム",
        "summary": "電波センサで呼吸と動きを検知し、カメラを使わずに異変を家族へ知らせる",
        "overview": (
            "室内の天井に取り付けたミリ波レーダーで、居住者の位置、呼吸、心拍を非接触で計測する。"
            "普段の生活リズムを学習し、長時間動きがない、転倒した、呼吸が乱れたといった異変を判定する。"
            "画像を撮らないため、浴室やトイレにも設置できる。"
        ),
        "purpose": "プライバシーに配慮しながら、一人暮らしの高齢者の急変を早く見つける。",
        "effect": "実証試験で、転倒や長時間の無動作を数分以内に通知できた。",
        "products": "高齢者見守りサービス、介護施設の見守りシステム、スマートホーム機器",
        "advantages": "身に着ける機器が不要で、装着忘れや充電切れがない。",
        "fields": ["計測・試験", "情報・通信"], "functions": ["安全・福祉対策", "検査・検出"],
        "ipc": ["G08B 21/04", "A61B 5/11"], "stage": "field_test", "trl": 7,
        "types": ["non_exclusive"], "terms": "ランニングロイヤリティ（応相談）",
        "support": True, "samples": True, "impl": "yes", "lic": "yes", "age": 70,
        "rights": [
            {"app": "特願2021-128875", "filed": "2021-08-05", "pub": "特開2023-023221", "reg": "特許第7452806号"},
        ],
    },
    {
        "id": "demo-066", "org": "nagoya-u-ip", "lang": "ja", "status": "published",
        "title": "古い鉄筋コンクリート柱を炭素繊維シートで耐震補強する工法",
        "invention": "既存構造物の補強構造及び補強工法",
        "summary": "炭素繊維シートと定着金物の組合せで、柱を使いながら短工期で耐震補強する",
        "overview": (
            "柱の四隅に曲面加工した定着金物を取り付け、炭素繊維シートを巻き付けて樹脂で一体化する。"
            "シートの端部を金物で機械的に定着し、はく離による補強効果の低下を防ぐ。"
            "騒音や粉じんが少なく、建物を使用したまま施工できる。"
        ),
        "purpose": "学校や病院など、休止が難しい建物の耐震補強を進めやすくする。",
        "effect": "せん断耐力を約2倍に高め、鋼板巻き立て工法より工期を約4割短縮できる。",
        "products": "耐震補強工法、補強用炭素繊維シート、定着金物",
        "advantages": "重機が不要で、狭い場所や稼働中の施設でも施工できる。",
        "fields": ["土木・建築", "繊維・紙"], "functions": ["安全・福祉対策"],
        "ipc": ["E04G 23/02", "D06M 15/55"], "stage": "commercial", "trl": 8,
        "types": ["non_exclusive"], "terms": "施工面積に応じたランニングロイヤリティ",
        "support": True, "samples": False, "impl": "yes", "lic": "yes", "age": 505,
        "rights": [
            {"app": "特願2017-186322", "filed": "2017-09-27", "pub": "特開2019-060125", "reg": "特許第6935419号"},
            {"app": "特願2007-252418", "filed": "2007-09-27", "pub": "特開2009-084921", "reg": "特許第4953097号", "status": "lapsed", "expiry": "2020-09-27"},
        ],
    },
    {
        "id": "demo-067", "org": "nagoya-u-ip", "lang": "en", "status": "published",
        "title": "Woven strain-sensing yarn for smart garments",
        "invention": "Conductive composite yarn, woven fabric and strain sensor",
        "summary": "A washable yarn whose resistance tracks stretch lets ordinary looms make motion-sensing clothing",
        "overview": (
            "A polyurethane core yarn is wrapped with a carbon-nanotube coated filament in a helical pattern. "
            "Stretching changes the helix pitch and therefore the electrical resistance almost linearly up to "
            "50% strain. The yarn survives 50 home-laundry cycles and can be woven or knitted on standard machines."
        ),
        "purpose": "Measure posture, breathing and joint motion with everyday clothing instead of rigid sensors.",
        "effect": "Hysteresis below 5% over 10,000 stretch cycles in laboratory tests.",
        "products": "Sports and rehabilitation garments, worker-safety wear, soft robotics skins",
        "advantages": "Uses existing textile production lines; no printed electronics step is needed.",
        "fields": ["繊維・紙", "計測・試験"], "functions": ["検査・検出", "材料・素材の製造"],
        "ipc": ["D02G 3/44", "D03D 15/00", "G01L 1/20"], "stage": "prototype", "trl": 5,
        "types": ["non_exclusive", "exclusive_contract"], "terms": "Negotiable",
        "support": True, "samples": True, "impl": "no", "lic": "no", "age": 35,
        "rights": [
            {"app": "特願2023-064913", "filed": "2023-04-12", "pub": "特開2024-151337"},
        ],
    },
    {
        "id": "demo-068", "org": "nagoya-u-ip", "lang": "ja", "status": "published",
        "title": "蓄電池群で再生可能エネルギーの出力変動を吸収する需給調整",
        "invention": "電力需給調整システム、蓄電池制御装置及びプログラム",
        "summary": "多数の家庭用・業務用蓄電池を束ね、系統の周波数変動を秒単位で抑える",
        "overview": (
            "分散した蓄電池の充電状態と応答特性を集約し、仮想的な一つの調整力として制御する。"
            "太陽光発電の出力予測の誤差を考慮して、各蓄電池への指令を最適に配分する。"
            "通信遅延があっても安定するよう、各蓄電池が局所的に周波数を監視して自律応答する。"
        ),
        "purpose": "再生可能エネルギーの大量導入で不足する系統の調整力を、既存の蓄電池で補う。",
        "effect": "模擬系統で、周波数変動を火力発電による調整と同等以下に抑えた。",
        "products": "VPP（仮想発電所）制御システム、蓄電池用パワーコンディショナ、EMS",
        "advantages": "蓄電池の劣化を考慮した配分で、所有者の不利益を抑えられる。",
        "fields": ["電気・電子", "情報・通信"], "functions": ["制御・ソフトウェア", "環境・リサイクル対策"],
        "ipc": ["H02J 3/32", "H02J 3/38"], "stage": "field_test", "trl": 6,
        "types": ["non_exclusive"], "terms": "応相談",
        "support": True, "samples": False, "impl": "yes", "lic": "no", "age": 145,
        "rights": [
            {"app": "特願2021-072408", "filed": "2021-04-22", "pub": "特開2022-167930", "reg": "特許第7476519号"},
        ],
    },
]
# fmt: on
