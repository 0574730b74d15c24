"""IPC sections, classes and the demo's subclasses with Japanese and English titles.

The code list follows IPC 2019.01 (8 sections, 131 classes). English titles
are shortened forms of WIPO's; Japanese titles follow the Japanese edition of
the IPC, shortened where it is long. Subclasses are only those the demo
listings use, so their pages show a name; a full scheme import fills in the
rest.
"""

from __future__ import annotations

from django.db import transaction

from config import page_cache

from .constants import IPCKind
from .models import IPCCode

# code, title_ja, title_en
SECTIONS: list[tuple[str, str, str]] = [
    ("A", "生活必需品", "Human necessities"),
    ("B", "処理操作；運輸", "Performing operations; transporting"),
    ("C", "化学；冶金", "Chemistry; metallurgy"),
    ("D", "繊維；紙", "Textiles; paper"),
    ("E", "固定構造物", "Fixed constructions"),
    (
        "F",
        "機械工学；照明；加熱；武器；爆破",
        "Mechanical engineering; lighting; heating; weapons; blasting",
    ),
    ("G", "物理学", "Physics"),
    ("H", "電気", "Electricity"),
]

_OTHER_JA = "このセクションの中で他に分類されない主題事項"
_OTHER_EN = "Subject matter not otherwise provided for in this section"

CLASSES: list[tuple[str, str, str]] = [
    ("A01", "農業；林業；畜産；狩猟；捕獲；漁業", "Agriculture; forestry; animal husbandry; hunting; trapping; fishing"),
    ("A21", "ベイキング；生地の製造・加工設備；ベイキング用生地", "Baking; dough-making equipment; doughs for baking"),
    ("A22", "屠殺；肉処理；家禽または魚の処理", "Butchering; meat treatment; processing poultry or fish"),
    ("A23", "他のクラスに属さない食品または食料品；その処理", "Foods or foodstuffs not covered by other classes; their treatment"),
    ("A24", "たばこ；葉巻；紙巻たばこ；喫煙具", "Tobacco; cigars; cigarettes; smokers' requisites"),
    ("A41", "衣類", "Wearing apparel"),
    ("A42", "帽子類", "Headwear"),
    ("A43", "履物", "Footwear"),
    ("A44", "小間物；貴金属宝石類", "Haberdashery; jewellery"),
    ("A45", "手持品または旅行用品", "Hand or travelling articles"),
    ("A46", "ブラシ製品", "Brushware"),
    ("A47", "家具；家庭用の物品または設備；コーヒーひき；香料ひき；真空掃除機一般", "Furniture; domestic articles or appliances; coffee and spice mills; suction cleaners"),
    ("A61", "医学または獣医学；衛生学", "Medical or veterinary science; hygiene"),
    ("A62", "人命救助；消防", "Life-saving; fire-fighting"),
    ("A63", "スポーツ；ゲーム；娯楽", "Sports; games; amusements"),
    ("A99", _OTHER_JA, _OTHER_EN),
    ("B01", "物理的または化学的方法または装置一般", "Physical or chemical processes or apparatus in general"),
    ("B02", "破砕，粉砕または微粉砕；製粉のための穀粒の前処理", "Crushing, pulverising or disintegrating; preparing grain for milling"),
    ("B03", "液体または風力テーブル・ジグによる固体物質の分離；磁気または静電気による分離", "Separating solids using liquids, pneumatic tables or jigs; magnetic or electrostatic separation"),
    ("B04", "物理的または化学的工程を行うための遠心装置または遠心機", "Centrifugal apparatus for physical or chemical processes"),
    ("B05", "霧化または噴霧一般；液体または他の流動性材料の表面への適用一般", "Spraying or atomising; applying liquids or other fluent materials to surfaces"),
    ("B06", "機械的振動の発生または伝達一般", "Generating or transmitting mechanical vibrations"),
    ("B07", "固体相互の分離；仕分け", "Separating solids from solids; sorting"),
    ("B08", "清掃", "Cleaning"),
    ("B09", "固体廃棄物の処理；汚染土壌の再生", "Disposal of solid waste; reclamation of contaminated soil"),
    ("B21", "本質的に材料の除去を伴わない機械的金属加工；金属の打抜き", "Mechanical metal-working without removing material; punching metal"),
    ("B22", "鋳造；粉末冶金", "Casting; powder metallurgy"),
    ("B23", "工作機械；他に分類されない金属加工", "Machine tools; metal-working not otherwise provided for"),
    ("B24", "研削；研磨", "Grinding; polishing"),
    ("B25", "手工具；可搬型動力工具；手工具用の柄；作業場設備；マニプレータ", "Hand tools; portable power tools; handles; workshop equipment; manipulators"),
    ("B26", "手さき切断工具；切断；切断機", "Hand cutting tools; cutting; severing"),
    ("B27", "木材または類似の材料の加工または保存；釘打ち機またはステープル機一般", "Working or preserving wood; nailing or stapling machines"),
    ("B28", "セメント，粘土，または石材の加工", "Working cement, clay or stone"),
    ("B29", "プラスチックの加工；可塑状態の物質の加工一般", "Working of plastics; working of substances in a plastic state"),
    ("B30", "プレス", "Presses"),
    ("B31", "紙，板紙または類似の材料からなる物品の製造；それらの加工", "Making articles of paper or cardboard; working paper or cardboard"),
    ("B32", "積層体", "Layered products"),
    ("B33", "付加製造技術", "Additive manufacturing technology"),
    ("B41", "印刷；線画機；タイプライター；スタンプ", "Printing; lining machines; typewriters; stamps"),
    ("B42", "製本；アルバム；ファイル；特殊印刷物", "Bookbinding; albums; files; special printed matter"),
    ("B43", "筆記用または製図用の器具；机上付属具", "Writing or drawing implements; bureau accessories"),
    ("B44", "装飾芸術", "Decorative arts"),
    ("B60", "車両一般", "Vehicles in general"),
    ("B61", "鉄道", "Railways"),
    ("B62", "レールによらない陸用車両", "Land vehicles for travelling otherwise than on rails"),
    ("B63", "船舶またはその他の水上浮揚構造物；関連艤装品", "Ships or other waterborne vessels; related equipment"),
    ("B64", "航空機；飛行；宇宙工学", "Aircraft; aviation; cosmonautics"),
    ("B65", "運搬；包装；貯蔵；薄板状または線条材料の取扱い", "Conveying; packing; storing; handling thin or filamentary material"),
    ("B66", "巻上げ；揚重；牽引", "Hoisting; lifting; hauling"),
    ("B67", "びん，広口びんまたは類似の容器の開閉；液体の取扱い", "Opening or closing bottles, jars or similar containers; liquid handling"),
    ("B68", "鞍具；家具張り", "Saddlery; upholstery"),
    ("B81", "マイクロ構造技術", "Microstructural technology"),
    ("B82", "ナノ技術", "Nanotechnology"),
    ("B99", _OTHER_JA, _OTHER_EN),
    ("C01", "無機化学", "Inorganic chemistry"),
    ("C02", "水，廃水，下水または汚泥の処理", "Treatment of water, waste water, sewage or sludge"),
    ("C03", "ガラス；鉱物またはスラグウール", "Glass; mineral or slag wool"),
    ("C04", "セメント；コンクリート；人造石；セラミックス；耐火物", "Cements; concrete; artificial stone; ceramics; refractories"),
    ("C05", "肥料；肥料の製造", "Fertilisers; manufacture thereof"),
    ("C06", "火薬；マッチ", "Explosives; matches"),
    ("C07", "有機化学", "Organic chemistry"),
    ("C08", "有機高分子化合物；その製造または化学的加工；それに基づく組成物", "Organic macromolecular compounds; their preparation, working-up and compositions"),
    ("C09", "染料；ペイント；つや出し剤；天然樹脂；接着剤；他に分類されない組成物および材料の応用", "Dyes; paints; polishes; natural resins; adhesives; other compositions and applications of materials"),
    ("C10", "石油，ガスまたはコークス工業；一酸化炭素を含有する工業ガス；燃料；潤滑剤；泥炭", "Petroleum, gas or coke industries; technical gases containing CO; fuels; lubricants; peat"),
    ("C11", "動物性または植物性の油，脂肪，脂肪性物質またはワックス；脂肪酸；洗浄剤；ろうそく", "Animal or vegetable oils, fats and waxes; fatty acids; detergents; candles"),
    ("C12", "生化学；ビール；酒精；ぶどう酒；酢；微生物学；酵素学；突然変異または遺伝子工学", "Biochemistry; beer; spirits; wine; vinegar; microbiology; enzymology; genetic engineering"),
    ("C13", "糖工業", "Sugar industry"),
    ("C14", "表皮；裸皮；生皮；なめし革", "Skins; hides; pelts; leather"),
    ("C21", "鉄冶金", "Metallurgy of iron"),
    ("C22", "冶金；鉄または非鉄合金；合金または非鉄金属の処理", "Metallurgy; ferrous or non-ferrous alloys; treatment of alloys or non-ferrous metals"),
    ("C23", "金属質材料への被覆；化学的表面処理；拡散処理；真空蒸着・スパッタリング・化学蒸着による被覆；防食", "Coating metallic material; chemical surface treatment; diffusion treatment; vapour deposition; corrosion inhibition"),
    ("C25", "電気分解または電気泳動方法；そのための装置", "Electrolytic or electrophoretic processes; apparatus therefor"),
    ("C30", "結晶成長", "Crystal growth"),
    ("C40", "コンビナトリアル技術", "Combinatorial technology"),
    ("C99", _OTHER_JA, _OTHER_EN),
    ("D01", "天然または人造の糸または繊維；紡績", "Natural or man-made threads or fibres; spinning"),
    ("D02", "糸；糸またはロープの機械的な仕上げ；整経またはビーム巻取り", "Yarns; mechanical finishing of yarns or ropes; warping or beaming"),
    ("D03", "織成", "Weaving"),
    ("D04", "組みひも；レース編み；メリヤス編成；縁とり；不織布", "Braiding; lace-making; knitting; trimmings; non-woven fabrics"),
    ("D05", "縫製；刺しゅう；タフティング", "Sewing; embroidering; tufting"),
    ("D06", "繊維または類似のものの処理；洗濯；他に分類されない可とう性材料", "Treatment of textiles; laundering; flexible materials not otherwise provided for"),
    ("D07", "ロープ；電気用以外のケーブル", "Ropes; cables other than electric"),
    ("D21", "製紙；セルロースの製造", "Paper-making; production of cellulose"),
    ("D99", _OTHER_JA, _OTHER_EN),
    ("E01", "道路，鉄道または橋りょうの建設", "Construction of roads, railways or bridges"),
    ("E02", "水工；基礎；土砂の移送", "Hydraulic engineering; foundations; soil-shifting"),
    ("E03", "上水；下水", "Water supply; sewerage"),
    ("E04", "建築物", "Building"),
    ("E05", "錠；鍵；窓または戸の付属品；金庫", "Locks; keys; window or door fittings; safes"),
    ("E06", "戸，窓，シャッタまたはローラーブラインド一般；はしご", "Doors, windows, shutters or roller blinds; ladders"),
    ("E21", "地中もしくは岩石の削孔；採鉱", "Earth or rock drilling; mining"),
    ("E99", _OTHER_JA, _OTHER_EN),
    ("F01", "機械または機関一般；機関設備一般；蒸気機関", "Machines or engines in general; engine plants; steam engines"),
    ("F02", "燃焼機関；熱ガスまたは燃焼生成物を利用する機関設備", "Combustion engines; hot-gas or combustion-product engine plants"),
    ("F03", "液体用機械または機関；風力，ばね，重力原動機；他に分類されない機械動力または推進力の発生", "Machines or engines for liquids; wind, spring or weight motors; other power or thrust producers"),
    ("F04", "液体用容積形機械；液体または圧縮性流体用ポンプ", "Positive-displacement machines for liquids; pumps"),
    ("F15", "流体圧アクチュエータ；水力学または空気力学一般", "Fluid-pressure actuators; hydraulics or pneumatics in general"),
    ("F16", "機械要素または単位；機械または装置の効果的機能を生じ維持するための一般的手段；断熱一般", "Engineering elements or units; measures for effective functioning of machines; thermal insulation"),
    ("F17", "ガスまたは液体の貯蔵または分配", "Storing or distributing gases or liquids"),
    ("F21", "照明", "Lighting"),
    ("F22", "蒸気発生", "Steam generation"),
    ("F23", "燃焼装置；燃焼方法", "Combustion apparatus; combustion processes"),
    ("F24", "加熱；レンジ；換気", "Heating; ranges; ventilating"),
    ("F25", "冷凍または冷却；加熱と冷凍の組合せシステム；ヒートポンプシステム；氷の製造または貯蔵；気体の液化または固化", "Refrigeration or cooling; heat pump systems; ice; liquefaction or solidification of gases"),
    ("F26", "乾燥", "Drying"),
    ("F27", "炉；キルン；窯；レトルト", "Furnaces; kilns; ovens; retorts"),
    ("F28", "熱交換一般", "Heat exchange in general"),
    ("F41", "武器", "Weapons"),
    ("F42", "弾薬；爆破", "Ammunition; blasting"),
    ("F99", _OTHER_JA, _OTHER_EN),
    ("G01", "測定；試験", "Measuring; testing"),
    ("G02", "光学", "Optics"),
    ("G03", "写真；映画；光波以外の波を使用する類似技術；電子写真；ホログラフィ", "Photography; cinematography; analogous techniques; electrography; holography"),
    ("G04", "時計", "Horology"),
    ("G05", "制御；調整", "Controlling; regulating"),
    ("G06", "計算；計数", "Computing; calculating; counting"),
    ("G07", "チェック装置", "Checking-devices"),
    ("G08", "信号", "Signalling"),
    ("G09", "教育；暗号方法；表示；広告；シール", "Educating; cryptography; display; advertising; seals"),
    ("G10", "楽器；音響", "Musical instruments; acoustics"),
    ("G11", "情報記憶", "Information storage"),
    ("G12", "計器の細部", "Instrument details"),
    ("G16", "特定の用途分野に特に適合した情報通信技術［ＩＣＴ］", "Information and communication technology specially adapted for specific application fields"),
    ("G21", "核物理；核工学", "Nuclear physics; nuclear engineering"),
    ("G99", _OTHER_JA, _OTHER_EN),
    ("H01", "基本的電気素子", "Basic electric elements"),
    ("H02", "電力の発電，変換，配電", "Generation, conversion or distribution of electric power"),
    ("H03", "基本電子回路", "Basic electronic circuitry"),
    ("H04", "電気通信技術", "Electric communication technique"),
    ("H05", "他に分類されない電気技術", "Electric techniques not otherwise provided for"),
    ("H99", _OTHER_JA, _OTHER_EN),
]  # fmt: skip

# The subclasses used by the demo listings (listings/demo_data.py).
SUBCLASSES: list[tuple[str, str, str]] = [
    ("A01B", "農業または林業における土作業；農業機械または器具の部品，細部または附属具一般", "Soil working in agriculture or forestry; parts of agricultural machines"),
    ("A01G", "園芸；野菜，花卉，稲，果樹，ぶどう，ホップまたは海藻の栽培；林業；散水", "Horticulture; cultivation of vegetables, flowers, rice, fruit or seaweed; forestry; watering"),
    ("A01H", "新規植物またはそれを得るための方法；組織培養技術による植物の再生", "New plants or processes for obtaining them; plant reproduction by tissue culture"),
    ("A01K", "畜産；鳥類，魚類，昆虫の管理；漁業；他に分類されない動物の飼育または養殖；新規な動物", "Animal husbandry; care of fishes and insects; fishing; rearing or breeding animals"),
    ("A01N", "人間，動物または植物の本体，またはそれらの一部の保存；殺生物剤；害虫忌避剤または誘引剤；植物生長調節剤", "Preservation of bodies or plants; biocides, pest repellants or attractants; plant growth regulators"),
    ("A01P", "化学化合物または製剤の殺生物，害虫忌避，害虫誘引または植物生長調節活性", "Biocidal, pest repellant, pest attractant or plant growth regulatory activity of chemicals"),
    ("A23L", "他に分類されない食品，食料品，またはノンアルコール飲料；その調製または処理", "Foods, foodstuffs or non-alcoholic beverages not covered elsewhere; their preparation or treatment"),
    ("A23P", "単一の他のサブクラスに完全には包含されない食料品の成形または加工", "Shaping or working of foodstuffs"),
    ("A61B", "診断；手術；個人識別", "Diagnosis; surgery; identification"),
    ("A61K", "医薬用，歯科用又は化粧用の製剤", "Preparations for medical, dental or toilet purposes"),
    ("A61L", "材料または物体の殺菌一般；空気の消毒，殺菌または脱臭；包帯，被覆用品，吸収性パッドまたは手術用物品の化学的事項；包帯，被覆用品，吸収性パッドまたは手術用物品のための材料", "Sterilising; disinfecting air; chemical aspects of bandages, dressings and surgical articles; materials therefor"),
    ("A61M", "人体の中へ，または表面に媒体を導入する装置", "Devices for introducing media into, or onto, the body"),
    ("A61P", "化合物または医薬製剤の特殊な治療活性", "Specific therapeutic activity of chemical compounds or medicinal preparations"),
    ("B01D", "分離", "Separation"),
    ("B01J", "化学的または物理的方法，例．触媒またはコロイド化学；それらの関連装置", "Chemical or physical processes, e.g. catalysis or colloid chemistry; apparatus"),
    ("B22F", "金属質粉末の加工；金属質粉末からの物品の製造；金属質粉末の製造", "Working metallic powder; articles from metallic powder; making metallic powder"),
    ("B23K", "ハンダ付またはハンダ離脱；溶接；ハンダ付または溶接によるクラッドまたは被せ金；局部加熱による切断；レーザービームによる加工", "Soldering; welding; cladding by soldering or welding; cutting by local heating; laser working"),
    ("B25J", "マニプレータ；マニプレータ装置を持つ小室", "Manipulators; chambers provided with manipulation devices"),
    ("B29C", "プラスチックの成形または接合；可塑状態の物質の成形一般；成形品の後処理", "Shaping or joining of plastics; shaping of plastic-state material; after-treatment"),
    ("B33Y", "付加製造，すなわち３次元［３Ｄ］物体の付加堆積，付加凝集または付加積層による製造", "Additive manufacturing, e.g. 3D printing"),
    ("B60W", "異なる種類または異なる機能の車両用サブユニットの関連制御；ハイブリッド車両に特に適した制御システム", "Conjoint control of vehicle sub-units; control systems for hybrid vehicles; road vehicle drive control"),
    ("B63C", "船の進水，引揚げまたは乾ドック入渠；水中での救命；水中居住または作業用設備；水中物体の引揚げまたは探索用手段", "Launching or docking vessels; life-saving in water; underwater working equipment; salvage"),
    ("B63G", "船舶上の攻撃または防御の配置；機雷の敷設；掃海；潜水艦；航空母艦", "Offensive or defensive arrangements on vessels; mine-laying and sweeping; submarines"),
    ("B64C", "飛行機；ヘリコプタ", "Aeroplanes; helicopters"),
    ("B81B", "マイクロ構造の装置またはシステム，例．マイクロメカニカル装置", "Microstructural devices or systems, e.g. micromechanical devices"),
    ("C02F", "水，廃水，下水または汚泥の処理", "Treatment of water, waste water, sewage or sludge"),
    ("C03C", "ガラス，釉薬またはガラス質ほうろうの化学組成；ガラスの表面処理；ガラス，鉱物またはスラグからの繊維またはフィラメントの表面処理；ガラスとガラスまたはその他の材料との接合", "Chemical composition of glasses, glazes or vitreous enamels; surface treatment of glass; joining glass"),
    ("C04B", "石灰；マグネシア；スラグ；セメント；その組成物，例．モルタル，コンクリートまたは類似の建築材料；人造石；セラミックス；耐火物；天然石の処理", "Lime; magnesia; slag; cements; mortars and concrete; artificial stone; ceramics; refractories"),
    ("C07D", "複素環式化合物", "Heterocyclic compounds"),
    ("C07K", "ペプチド", "Peptides"),
    ("C08B", "多糖類；その誘導体", "Polysaccharides; derivatives thereof"),
    ("C08J", "仕上げ；一般的混合方法；サブクラスC08B，C08C，C08F，C08GまたはC08Hに包含されない後処理", "Working-up; general processes of compounding; after-treatment of polymers"),
    ("C08L", "高分子化合物の組成物", "Compositions of macromolecular compounds"),
    ("C09K", "他に分類されない応用される物質；他に分類されない物質の応用", "Materials for applications not otherwise provided for"),
    ("C12N", "微生物または酵素；その組成物；微生物の増殖，保存，維持；突然変異または遺伝子工学；培地", "Microorganisms or enzymes; compositions; propagating microorganisms; genetic engineering; culture media"),
    ("C21D", "鉄系金属の物理的構造の改変；鉄または非鉄金属または合金の熱処理用一般的装置；脱炭，焼戻しまたは他の処理による金属の可鍛化", "Modifying the physical structure of ferrous metals; heat treatment of metals or alloys"),
    ("C22C", "合金", "Alloys"),
    ("C25B", "化合物または非金属の製造のための電気分解または電気泳動方法；そのための装置", "Electrolytic or electrophoretic production of compounds or non-metals; apparatus"),
    ("D02G", "繊維，フィラメント，糸の捲縮またはカール；糸", "Crimping or curling fibres, filaments or yarns; yarns or threads"),
    ("D03D", "織物；製織方法；織機", "Woven fabrics; methods of weaving; looms"),
    ("D06M", "クラスD06の他の個所に規定されていない繊維，糸，糸条，織物，羽毛またはそれらから製造された繊維製品の処理", "Treatment of fibres, threads, yarns or fabrics not provided for elsewhere in D06"),
    ("E01D", "橋りょう", "Bridges"),
    ("E04G", "足場；型枠；せき板；建築用具またはその他の建築補助具，またはそれらの使用；建築材料の現場での取扱い；既存建築物の補修，解体またはその他の作業", "Scaffolding; forms; building aids; handling materials on site; repairing or altering existing buildings"),
    ("E04H", "特殊目的の建築物または類似の構造物；水泳またはスプラッシュ浴用の槽または池；マスト；囲い；テントまたは天蓋一般", "Buildings or structures for particular purposes; pools; masts; fencing; tents"),
    ("F02K", "ジェット推進装置", "Jet-propulsion plants"),
    ("F03G", "ばね，重力，慣性または類似の原動機；他に分類されない機械的動力発生装置または機構，または他に分類されないエネルギー源の利用", "Spring, weight or inertia motors; mechanical-power-producing devices not otherwise provided for"),
    ("F16F", "ばね；緩衝装置；防振手段", "Springs; shock-absorbers; means for damping vibration"),
    ("F17C", "圧縮，液化または固化したガスを収容または貯蔵する容器；固定容量のガス溜め；圧縮，液化または固化したガスの容器への充填または容器からの排出", "Vessels for compressed, liquefied or solidified gases; filling and discharging them"),
    ("F25B", "冷凍機械，プラントまたはシステム；加熱と冷凍の組み合わせシステム；ヒートポンプシステム", "Refrigeration machines, plants or systems; combined heating and refrigeration; heat pumps"),
    ("G01B", "長さ，厚さまたは同種の直線寸法の測定；角度の測定；面積の測定；表面または輪郭の不規則性の測定", "Measuring length, thickness, angles, areas or surface irregularities"),
    ("G01C", "距離，水準または方位の測定；測量；航行；ジャイロ計器；写真測量またはビデオ測量", "Measuring distances, levels or bearings; surveying; navigation; gyroscopic instruments"),
    ("G01D", "特に特定の変量に適用されない測定；単一の他のサブクラスに包含されない２つ以上の変量を測定する装置；料金計量装置；他に分類されない伝達または変換装置", "Measuring not specially adapted for a specific variable; transducing arrangements"),
    ("G01L", "力，応力，トルク，仕事，機械的動力，機械的効率，または流体圧力の測定", "Measuring force, stress, torque, work, mechanical power or fluid pressure"),
    ("G01N", "材料の化学的または物理的性質の決定による材料の調査または分析", "Investigating or analysing materials by determining their chemical or physical properties"),
    ("G01W", "気象学", "Meteorology"),
    ("G05D", "非電気的変量の制御または調整系", "Systems for controlling or regulating non-electric variables"),
    ("G06F", "電気的デジタルデータ処理", "Electric digital data processing"),
    ("G06N", "特定の計算モデルに基づくコンピュータシステム", "Computer systems based on specific computational models"),
    ("G06Q", "管理，商用，金融，経営，監督または予測目的に特に適合したデータ処理システムまたは方法", "Data processing for administrative, commercial, financial, managerial or forecasting purposes"),
    ("G06T", "イメージデータ処理または発生一般", "Image data processing or generation, in general"),
    ("G08B", "信号または呼出し装置；指令発信装置；警報装置", "Signalling or calling systems; order telegraphs; alarm systems"),
    ("G08C", "測定値，制御信号または類似信号の伝送方式", "Transmission systems for measured values, control or similar signals"),
    ("G08G", "交通制御システム", "Traffic control systems"),
    ("G09B", "教育用または教示用の器具；盲人，聾者または唖者の教育または意思伝達用の器具；模型；プラネタリウム；地球儀；地図；図表", "Educational or demonstration appliances; models; planetaria; globes; maps; diagrams"),
    ("G10L", "音声の分析または合成；音声認識；音声処理；音声または音響の符号化と復号化", "Speech analysis or synthesis; speech recognition; speech or audio coding"),
    ("G11C", "静的記憶", "Static stores"),
    ("G16C", "計算化学；ケモインフォマティクス；計算材料科学", "Computational chemistry; chemoinformatics; computational materials science"),
    ("G16H", "ヘルスケアインフォマティクス，すなわち医療またはヘルスケアデータの取扱または処理に特に適合した情報通信技術［ＩＣＴ］", "Healthcare informatics"),
    ("H01B", "ケーブル；導体；絶縁体；導電性，絶縁性または誘電性のための材料の選択", "Cables; conductors; insulators; selection of conductive, insulating or dielectric materials"),
    ("H01F", "磁石；インダクタンス；変成器；磁気特性による材料の選択", "Magnets; inductances; transformers; selection of magnetic materials"),
    ("H01L", "半導体装置；他に属さない電気的固体装置", "Semiconductor devices; electric solid state devices not otherwise provided for"),
    ("H01M", "化学的エネルギーを電気的エネルギーに直接変換するための方法または手段，例．電池", "Processes or means, e.g. batteries, for the direct conversion of chemical into electrical energy"),
    ("H01Q", "空中線", "Antennas, i.e. radio aerials"),
    ("H01S", "誘導放出を用いた装置", "Devices using stimulated emission (lasers)"),
    ("H02J", "電力給電または電力配電のための回路装置または方式；電気エネルギーを蓄積するための方式", "Circuit arrangements for supplying or distributing electric power; storing electric energy"),
    ("H04B", "伝送", "Transmission"),
    ("H04L", "デジタル情報の伝送，例．電信通信", "Transmission of digital information, e.g. telegraphic communication"),
    ("H04W", "無線通信ネットワーク", "Wireless communication networks"),
]  # fmt: skip


def ipc_demo_rows() -> list[dict]:
    """Every row the demo loads: code, kind, level, parent and both titles."""
    rows = [
        {"code": code, "kind": IPCKind.SECTION, "level": 1, "parent_id": None}
        | {"title_ja": ja, "title_en": en}
        for code, ja, en in SECTIONS
    ]
    rows += [
        {"code": code, "kind": IPCKind.CLASS, "level": 2, "parent_id": code[:1]}
        | {"title_ja": ja, "title_en": en}
        for code, ja, en in CLASSES
    ]
    rows += [
        {"code": code, "kind": IPCKind.SUBCLASS, "level": 3, "parent_id": code[:3]}
        | {"title_ja": ja, "title_en": en}
        for code, ja, en in SUBCLASSES
    ]
    return rows


@transaction.atomic
def seed_ipc() -> dict[str, int]:
    """Create the missing IPC rows and fill empty titles; return created/updated counts.

    Never overwrites a title that is already set (an operator's edit or a
    full scheme import wins) and never changes an existing row's place in the
    hierarchy. Running it twice changes nothing.
    """
    rows = ipc_demo_rows()
    existing = {
        row.code: row
        for row in IPCCode.objects.filter(code__in=[r["code"] for r in rows])
    }
    missing = [IPCCode(**r) for r in rows if r["code"] not in existing]
    IPCCode.objects.bulk_create(missing)
    changed = []
    for r in rows:
        row = existing.get(r["code"])
        if row is None:
            continue
        dirty = False
        for field in ("title_ja", "title_en"):
            if not getattr(row, field) and r[field]:
                setattr(row, field, r[field])
                dirty = True
        if dirty:
            changed.append(row)
    if changed:
        IPCCode.objects.bulk_update(changed, ["title_ja", "title_en"])
    if missing or changed:
        page_cache.labels_changed()
    return {"created": len(missing), "updated": len(changed)}
