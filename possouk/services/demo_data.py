"""The demo store's data: provinces, cooperatives and product templates of the Fès–Meknès region.

Pure data plus :func:`plan_catalog`, which turns it into cooperative and
product drafts with a seeded random generator (registration numbers, ICE,
RIB, phones, contacts, commissions, prices, barcodes). Prices are whole
dirhams here and become centimes in :func:`plan_catalog`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from possouk.domain.barcode import ean_check_digit
from possouk.domain.identifiers import rib_with_key
from possouk.domain.model import Unit
from possouk.services.catalog import CooperativeDraft, ProductDraft

P, KG, L = Unit.PIECE, Unit.KG, Unit.LITRE

# code: (Arabic, French, illustrative 3-digit RIB city code)
PROVINCES: dict[str, tuple[str, str, str]] = {
    "MKS": ("مكناس", "Meknès", "450"), "HJB": ("الحاجب", "El Hajeb", "455"),
    "IFR": ("إفران", "Ifrane", "460"), "SEF": ("صفرو", "Sefrou", "470"),
    "BOU": ("بولمان", "Boulemane", "475"), "TAZ": ("تازة", "Taza", "480"),
    "TAO": ("تاونات", "Taounate", "485"), "MYA": ("مولاي يعقوب", "Moulay Yacoub", "490"),
    "FES": ("فاس", "Fès", "270"),
}

# activity: (Arabic, French, product category, secondary category or "")
ACTIVITIES: dict[str, tuple[str, str, str, str]] = {
    "honey": ("لتربية النحل", "d'apiculture", "honey", "herbs"),
    "figs": ("لإنتاج وتثمين التين", "de valorisation des figues", "figs", "olive oil"),
    "herbs": ("للنباتات العطرية والطبية", "des plantes aromatiques et médicinales", "herbs", "honey"),
    "oil": ("لإنتاج زيت الزيتون", "de production d'huile d'olive", "olive oil", ""),
    "cosmetics": ("للمنتجات الطبيعية", "des produits naturels", "cosmetics", "herbs"),
    "cereals": ("للكسكس والمنتجات المجالية", "du couscous et des produits du terroir", "cereals", "honey"),
    "carpentry": ("للنجارة التقليدية", "de menuiserie traditionnelle", "carpentry", ""),
    "embroidery": ("للخياطة والطرز", "de couture et de broderie", "textiles", ""),
    "weaving": ("للنسيج والزرابي", "de tissage et de tapis", "textiles", ""),
    "dairy": ("للحليب ومشتقاته", "laitière", "dairy", "cereals"),
}

# (Arabic, French) names of cooperatives: Arabic words and Amazigh ones.
STEMS: tuple[tuple[str, str], ...] = (
    ("الأمل", "Al Amal"), ("النور", "Nour"), ("الفتح", "Al Fath"), ("الخير", "Al Khair"),
    ("البركة", "Al Baraka"), ("الوفاء", "Al Wafae"), ("الإخلاص", "Al Ikhlass"), ("النجاح", "Annajah"),
    ("التقدم", "Attakadoum"), ("الوحدة", "Al Wahda"), ("التضامن", "Attadamoun"),
    ("المستقبل", "Al Moustakbal"), ("الرياض", "Arriad"), ("الزهرة", "Azzahra"), ("الياسمين", "Yasmine"),
    ("السنابل", "Sanabil"), ("الأطلس", "Al Atlas"), ("الأرز", "Al Arz"), ("الصفاء", "Assafae"),
    ("الهناء", "Al Hanae"), ("الرحمة", "Arrahma"), ("السلام", "Assalam"), ("الشروق", "Achourouk"),
    ("الفجر", "Al Fajr"), ("الزيتونة", "Zitouna"), ("الغد", "Al Ghad"), ("الكرامة", "Al Karama"),
    ("المودة", "Al Mawadda"), ("الأصالة", "Al Assala"), ("الإبداع", "Al Ibdae"), ("النهضة", "Annahda"),
    ("الأمانة", "Al Amana"), ("النسيم", "Annassim"), ("الربيع", "Arrabie"), ("البستان", "Al Boustane"),
    ("الحياة", "Al Hayat"), ("الرضا", "Arrida"), ("اليسر", "Al Yosr"), ("الإحسان", "Al Ihssane"),
    ("الفلاح", "Al Falah"), ("تيفاوت", "Tifaout"), ("تامونت", "Tamount"), ("تويزا", "Twiza"),
    ("أدرار", "Adrar"), ("أسيف", "Assif"), ("إيطو", "Itto"), ("تودة", "Touda"), ("أمان", "Aman"),
    ("أكال", "Akal"), ("تافسوت", "Tafsout"), ("تيزيري", "Tiziri"), ("أناروز", "Anarouz"),
    ("إزوران", "Izouran"), ("أفولكي", "Afoulki"), ("تيليلا", "Tilila"), ("تامازيرت", "Tamazirt"),
    ("تانيرت", "Tanirt"), ("تادارت", "Taddart"), ("أمناي", "Amnay"), ("تودرت", "Toudert"),
)

# One row per cooperative, in code order within a province: (province, activity, women_led, youth_led).
# Specialities follow the region: figs in Taounate, ghassoul in Boulemane, cedar in Ifrane,
# embroidery in Meknès and Fès, carpets in the Middle Atlas.
COOPERATIVES: tuple[tuple[str, str, bool, bool], ...] = (
    ("TAZ", "honey", False, True), ("TAZ", "honey", False, False), ("HJB", "honey", True, False),
    ("IFR", "honey", False, True), ("SEF", "honey", False, False), ("BOU", "honey", True, False),
    ("TAO", "honey", False, True), ("MKS", "honey", False, False), ("MYA", "honey", False, False),
    ("TAO", "figs", True, False), ("TAO", "figs", False, True), ("TAO", "figs", True, False),
    ("TAZ", "figs", False, False), ("SEF", "figs", True, False), ("MYA", "figs", False, False),
    ("BOU", "herbs", True, False), ("BOU", "herbs", False, True), ("IFR", "herbs", True, False),
    ("SEF", "herbs", False, False), ("TAZ", "herbs", True, True), ("HJB", "herbs", False, False),
    ("MYA", "herbs", True, False), ("TAO", "herbs", False, False),
    ("MKS", "oil", False, False), ("MKS", "oil", True, False), ("MYA", "oil", False, True),
    ("TAO", "oil", False, False), ("SEF", "oil", False, False), ("FES", "oil", False, False),
    ("HJB", "oil", False, False),
    ("BOU", "cosmetics", True, False), ("BOU", "cosmetics", True, True), ("MYA", "cosmetics", True, False),
    ("FES", "cosmetics", True, True), ("MKS", "cosmetics", False, False), ("IFR", "cosmetics", True, False),
    ("HJB", "cereals", True, False), ("HJB", "cereals", True, True), ("SEF", "cereals", True, False),
    ("TAZ", "cereals", False, False), ("MKS", "cereals", True, False), ("FES", "cereals", True, False),
    ("IFR", "cereals", False, False),
    ("IFR", "carpentry", False, True), ("IFR", "carpentry", False, False), ("FES", "carpentry", False, True),
    ("MKS", "carpentry", False, False), ("HJB", "carpentry", False, False),
    ("MKS", "embroidery", True, False), ("MKS", "embroidery", True, False),
    ("FES", "embroidery", True, False), ("FES", "embroidery", True, True),
    ("SEF", "embroidery", True, False),
    ("HJB", "weaving", True, False), ("IFR", "weaving", True, False), ("BOU", "weaving", True, False),
    ("HJB", "dairy", True, False), ("IFR", "dairy", False, False), ("IFR", "dairy", True, False),
    ("SEF", "dairy", False, False),
)


@dataclass(frozen=True)
class Template:
    """A kind of product: names, unit, price range in dirhams, typical quantity bought.

    ``qty`` is the range of one purchase in thousandths (grams or millilitres)
    for weighed goods; pieces are bought 1 to 3 at a time.
    """

    name_ar: str
    name_fr: str
    unit: Unit
    low: int
    high: int
    qty: tuple[int, int] = (1000, 1000)


def _t(ar: str, fr: str, unit: Unit, low: int, high: int, qty: tuple[int, int] = (1000, 1000)) -> Template:
    return Template(ar, fr, unit, low, high, qty)


TEMPLATES: dict[str, tuple[Template, ...]] = {
    "honey": (
        _t("عسل الزعتر 500 غ", "Miel de thym 500 g", P, 90, 140),
        _t("عسل الزعتر 1 كلغ", "Miel de thym 1 kg", P, 170, 260),
        _t("عسل الدغموس 500 غ", "Miel d'euphorbe 500 g", P, 100, 160),
        _t("عسل زهر الليمون 500 غ", "Miel de fleur d'oranger 500 g", P, 70, 110),
        _t("عسل السدر 500 غ", "Miel de jujubier 500 g", P, 150, 250),
        _t("عسل الخروب 500 غ", "Miel de caroube 500 g", P, 80, 120),
        _t("عسل الكاليتوس 500 غ", "Miel d'eucalyptus 500 g", P, 60, 90),
        _t("عسل متعدد الأزهار 1 كلغ", "Miel toutes fleurs 1 kg", P, 120, 170),
        _t("عسل الجبل بالوزن", "Miel de montagne au poids", KG, 180, 260, (250, 1500)),
        _t("عسل الخزامى 250 غ", "Miel de lavande 250 g", P, 60, 90),
        _t("حبوب اللقاح 250 غ", "Pollen d'abeille 250 g", P, 60, 95),
        _t("شمع النحل 100 غ", "Cire d'abeille 100 g", P, 25, 40),
        _t("غذاء ملكي 10 غ", "Gelée royale 10 g", P, 120, 180),
        _t("عسل بالحبة السوداء 250 غ", "Miel à la nigelle 250 g", P, 55, 80),
    ),
    "figs": (
        _t("تين مجفف", "Figues sèches", KG, 50, 90, (250, 2000)),
        _t("تين مجفف ممتاز 500 غ", "Figues sèches extra 500 g", P, 35, 55),
        _t("قلادة التين المجفف", "Chapelet de figues sèches", P, 40, 65),
        _t("مربى التين 350 غ", "Confiture de figues 350 g", P, 30, 45),
        _t("مربى التين بالجوز 350 غ", "Confiture de figues aux noix 350 g", P, 40, 55),
        _t("عجينة التين 250 غ", "Pâte de figues 250 g", P, 25, 35),
        _t("كريات التين باللوز 250 غ", "Boules de figues aux amandes 250 g", P, 40, 60),
        _t("خل التين 50 سل", "Vinaigre de figue 50 cl", P, 35, 50),
        _t("شراب التين 50 سل", "Sirop de figues 50 cl", P, 40, 55),
        _t("مربى الهندية 250 غ", "Confiture de figue de Barbarie 250 g", P, 35, 50),
        _t("زيت بذور الهندية 30 مل", "Huile de pépins de figue de Barbarie 30 ml", P, 250, 400),
        _t("مربى حب الملوك 350 غ", "Confiture de cerises 350 g", P, 35, 50),
        _t("تين مجفف بالسمسم", "Figues sèches au sésame", KG, 80, 120, (250, 1000)),
    ),
    "herbs": (
        _t("زعتر مجفف", "Thym séché", KG, 80, 150, (50, 500)),
        _t("إكليل الجبل مجفف", "Romarin séché", KG, 60, 100, (50, 500)),
        _t("لويزة", "Verveine odorante", KG, 150, 250, (50, 300)),
        _t("شيبة", "Absinthe", KG, 80, 140, (50, 300)),
        _t("فليو", "Menthe pouliot", KG, 80, 120, (50, 300)),
        _t("مردقوش", "Marjolaine", KG, 90, 150, (50, 300)),
        _t("خزامى مجففة", "Lavande séchée", KG, 120, 200, (50, 300)),
        _t("بابونج", "Camomille", KG, 150, 220, (50, 250)),
        _t("سالمية", "Sauge", KG, 90, 140, (50, 300)),
        _t("نعناع مجفف 100 غ", "Menthe séchée 100 g", P, 15, 25),
        _t("زعفران تالوين 1 غ", "Safran de Taliouine 1 g", P, 35, 50),
        _t("خلطة أعشاب للشاي 100 غ", "Mélange d'herbes pour le thé 100 g", P, 25, 40),
        _t("زيت الزعتر العطري 10 مل", "Huile essentielle de thym 10 ml", P, 60, 90),
        _t("زيت إكليل الجبل العطري 10 مل", "Huile essentielle de romarin 10 ml", P, 55, 85),
        _t("ماء الزهر 25 سل", "Eau de fleur d'oranger 25 cl", P, 25, 35),
    ),
    "olive oil": (
        _t("زيت الزيتون البكر الممتاز 1 ل", "Huile d'olive vierge extra 1 L", P, 75, 110),
        _t("زيت الزيتون البكر الممتاز 5 ل", "Huile d'olive vierge extra 5 L", P, 350, 480),
        _t("زيت الزيتون البكر الممتاز 50 سل", "Huile d'olive vierge extra 50 cl", P, 40, 60),
        _t("زيت الزيتون بالتقسيط", "Huile d'olive en vrac", L, 65, 90, (250, 5000)),
        _t("زيت الزيتون بالزعتر 25 سل", "Huile d'olive au thym 25 cl", P, 40, 60),
        _t("زيتون أخضر مرقد", "Olives vertes cassées", KG, 25, 40, (250, 1500)),
        _t("زيتون أسود مملح", "Olives noires salées", KG, 30, 50, (250, 1500)),
        _t("زيتون بنفسجي", "Olives violettes", KG, 30, 45, (250, 1500)),
        _t("زيتون بالحامض المرقد 500 غ", "Olives au citron confit 500 g", P, 25, 35),
        _t("معجون الزيتون 200 غ", "Tapenade d'olives 200 g", P, 30, 45),
        _t("صابون زيت الزيتون", "Savon à l'huile d'olive", P, 15, 25),
        _t("حامض مرقد 500 غ", "Citrons confits 500 g", P, 20, 30),
    ),
    "cosmetics": (
        _t("صابون بلدي 250 غ", "Savon noir beldi 250 g", P, 20, 35),
        _t("صابون بلدي بالكاليتوس 250 غ", "Savon noir à l'eucalyptus 250 g", P, 25, 40),
        _t("غاسول 250 غ", "Ghassoul 250 g", P, 20, 30),
        _t("غاسول بالأعشاب السبعة 250 غ", "Ghassoul aux sept herbes 250 g", P, 30, 45),
        _t("ماء الورد 250 مل", "Eau de rose 250 ml", P, 25, 40),
        _t("زيت الأركان التجميلي 100 مل", "Huile d'argan cosmétique 100 ml", P, 120, 180),
        _t("زيت الأركان الغذائي 250 مل", "Huile d'argan alimentaire 250 ml", P, 150, 220),
        _t("كريم الأركان 50 مل", "Crème à l'argan 50 ml", P, 70, 110),
        _t("حناء طبيعية 250 غ", "Henné naturel 250 g", P, 20, 30),
        _t("زيت الحبة السوداء 100 مل", "Huile de nigelle 100 ml", P, 60, 90),
        _t("كيس الحمام", "Gant de gommage (kessa)", P, 15, 25),
        _t("صابون بالغاسول", "Savon au ghassoul", P, 20, 30),
        _t("زيت اللوز الحلو 100 مل", "Huile d'amande douce 100 ml", P, 50, 80),
        _t("كحل تقليدي", "Khôl traditionnel", P, 15, 30),
    ),
    "cereals": (
        _t("كسكس الشعير", "Couscous d'orge", KG, 25, 40, (500, 3000)),
        _t("كسكس القمح الكامل", "Couscous de blé complet", KG, 22, 35, (500, 3000)),
        _t("بلبولة", "Belboula (orge concassée)", KG, 18, 28, (500, 3000)),
        _t("كسكس الذرة", "Couscous de maïs", KG, 25, 35, (500, 2000)),
        _t("المحمصة", "Mhamsa", KG, 25, 35, (500, 2000)),
        _t("دشيشة الشعير", "Dchicha d'orge", KG, 20, 30, (500, 2000)),
        _t("دقيق الشعير", "Farine d'orge", KG, 12, 20, (1000, 5000)),
        _t("أملو 250 غ", "Amlou 250 g", P, 60, 90),
        _t("أملو 500 غ", "Amlou 500 g", P, 110, 160),
        _t("سلو 500 غ", "Sellou 500 g", P, 60, 90),
        _t("شباكية بالعسل 500 غ", "Chebakia au miel 500 g", P, 40, 60),
        _t("عدس الجبل", "Lentilles de montagne", KG, 20, 30, (500, 2000)),
    ),
    "carpentry": (
        _t("علبة من خشب الأرز", "Boîte en bois de cèdre", P, 60, 120),
        _t("علبة مجوهرات من العرعار", "Coffret à bijoux en thuya", P, 150, 350),
        _t("صينية من خشب الأرز", "Plateau en bois de cèdre", P, 150, 250),
        _t("طقم ملاعق خشبية", "Lot de cuillères en bois", P, 20, 40),
        _t("لوح تقطيع من خشب الزيتون", "Planche à découper en olivier", P, 80, 150),
        _t("مرآة بإطار من الأرز", "Miroir encadré en cèdre", P, 250, 450),
        _t("طاولة صغيرة من خشب الأرز", "Petite table basse en cèdre", P, 700, 1200),
        _t("علبة الشاي من العرعار", "Boîte à thé en thuya", P, 120, 200),
        _t("زلافة من العرعار", "Bol en thuya", P, 80, 140),
        _t("رقعة شطرنج من العرعار", "Jeu d'échecs en thuya", P, 300, 500),
        _t("مهراز من خشب الزيتون", "Mortier en bois d'olivier", P, 90, 150),
        _t("مشط من خشب الزيتون", "Peigne en bois d'olivier", P, 20, 35),
        _t("كرسي خشبي مزخرف", "Tabouret en bois peint", P, 250, 400),
    ),
    "textiles": (
        _t("جلابة نسائية مطرزة", "Djellaba brodée femme", P, 450, 900),
        _t("جلابة رجالية من الصوف", "Djellaba en laine homme", P, 600, 1200),
        _t("قفطان مطرز", "Caftan brodé", P, 900, 1800),
        _t("مناديل بالطرز المكناسي 6 قطع", "Serviettes en broderie de Meknès, lot de 6", P, 120, 220),
        _t("مفرش مائدة بالطرز الفاسي", "Nappe en broderie de Fès", P, 250, 500),
        _t("زربية الأطلس المتوسط 1×1,5 م", "Tapis du Moyen Atlas 1 × 1,5 m", P, 600, 1500),
        _t("زربية الأطلس المتوسط 2×3 م", "Tapis du Moyen Atlas 2 × 3 m", P, 2500, 5000),
        _t("حنبل من الصوف", "Hanbel en laine", P, 400, 900),
        _t("بلغة من الجلد", "Babouches en cuir", P, 120, 220),
        _t("وسادة مطرزة", "Coussin brodé", P, 120, 200),
        _t("شال من الصوف", "Châle en laine", P, 150, 300),
        _t("حقيبة مطرزة", "Sac brodé", P, 80, 150),
        _t("طاقية من الصوف", "Bonnet en laine", P, 40, 70),
    ),
    "dairy": (
        _t("جبن الماعز الطري 250 غ", "Fromage de chèvre frais 250 g", P, 30, 45),
        _t("جبن الماعز المعتق 200 غ", "Fromage de chèvre affiné 200 g", P, 50, 80),
        _t("جبن الماعز بالزعتر 200 غ", "Fromage de chèvre au thym 200 g", P, 40, 60),
        _t("جبن بلدي 250 غ", "Jben 250 g", P, 20, 30),
        _t("جبن الغنم 200 غ", "Fromage de brebis 200 g", P, 50, 80),
        _t("لبن", "Lben (lait fermenté)", L, 10, 15, (500, 2000)),
        _t("حليب الماعز", "Lait de chèvre", L, 15, 25, (500, 2000)),
        _t("سمن بلدي 250 غ", "Smen beldi 250 g", P, 60, 90),
        _t("زبدة بلدية 250 غ", "Beurre beldi 250 g", P, 35, 50),
        _t("رايب", "Raïb", P, 8, 12),
        _t("ياغورت بالعسل", "Yaourt au miel", P, 8, 12),
        _t("جبن الماعز بالزيتون 200 غ", "Fromage de chèvre aux olives 200 g", P, 45, 65),
    ),
}

# How often a visitor's basket picks each category (relative weights).
POPULARITY: dict[str, int] = {
    "honey": 14, "figs": 12, "herbs": 14, "olive oil": 12, "cosmetics": 14,
    "cereals": 12, "carpentry": 3, "textiles": 3, "dairy": 11,
}

# Goods that are bargained over get a minimum price (under it needs a supervisor).
BARGAINED = frozenset({"carpentry", "textiles"})
# Packaged goods: a cooperative with an ICE sometimes has its own GS1 barcodes.
PACKAGED = frozenset({"honey", "olive oil", "cosmetics", "cereals", "figs"})

FEMALE = ("Fatima Zahra", "Khadija", "Aicha", "Naima", "Malika", "Saida", "Rachida", "Hafida",
          "Zineb", "Meryem", "Latifa", "Samira", "Ilham", "Touria", "Itto", "Hasna")
MALE = ("Mohamed", "Ahmed", "Abdellah", "Youssef", "Hassan", "Mustapha", "Driss", "Brahim",
        "Lahcen", "Said", "Omar", "Rachid", "Khalid", "Hamid")
FAMILY = ("El Alaoui", "Bennani", "El Idrissi", "Amrani", "Berrada", "Ouazzani", "Tazi", "Lahlou",
          "Chraibi", "Bouzidi", "Amghar", "Ait Ouali", "Oubella", "El Fassi", "Zerhouni", "Haddou",
          "Akhiat", "Ouchen", "Benjelloun", "Sefrioui", "El Hajjami", "Moutaouakil")
BANKS = ("007", "011", "145", "157", "225", "230", "350")  # AWB, BOA, BP ×2, CAM, CIH, Al Barid


@dataclass(frozen=True)
class DemoProduct:
    """A planned product: its draft plus what the sales simulation needs."""

    draft: ProductDraft
    qty: tuple[int, int]


def _price(rng: random.Random, low: int, high: int) -> int:
    """A shop price in centimes: whole 10 DH above 100 DH, 5 DH above 20 DH, else 0.50 DH."""
    step = 1000 if low >= 100 else 500 if low >= 20 else 50
    return rng.randint(low * 100 // step, high * 100 // step) * step


def plan_catalog(rng: random.Random) -> tuple[list[CooperativeDraft], list[DemoProduct]]:
    """The demo's cooperatives and about ten products each, drawn with ``rng``."""
    cooperatives: list[CooperativeDraft] = []
    products: list[DemoProduct] = []
    numbers: dict[str, int] = {}
    for index, (province, activity, women, youth) in enumerate(COOPERATIVES):
        numbers[province] = numbers.get(province, 0) + 1
        code = f"{province}{numbers[province]:02d}"
        stem_ar, stem_fr = STEMS[index]
        act_ar, act_fr, category, secondary = ACTIVITIES[activity]
        name_ar = f"تعاونية {stem_ar} {'النسوية ' if women else ''}{act_ar}"
        name_fr = f"Coopérative {'féminine ' if women else ''}{stem_fr} {act_fr}"
        first = rng.choice(FEMALE if women or rng.randrange(100) < 30 else MALE)
        has_ice = rng.randrange(100) < 40
        ice = f"00{rng.randint(1_000_000, 9_999_999)}0000{rng.randint(10, 99)}" if has_ice else ""
        rib = ""
        if rng.randrange(100) < 85:
            account = "".join(str(rng.randint(0, 9)) for _ in range(16))
            rib = rib_with_key(f"{rng.choice(BANKS)}{PROVINCES[province][2]}{account}")
        cooperatives.append(CooperativeDraft(
            code=code, name_ar=name_ar, name_fr=name_fr,
            registration=f"{rng.randint(2008, 2024)}/{rng.randint(1, 899):03d}",
            ice=ice, province=PROVINCES[province][1],
            phone=f"0{rng.choice('67')}{rng.randint(10_000_000, 99_999_999)}",
            contact=f"{first} {rng.choice(FAMILY)}", rib=rib,
            commission=rng.choices((0, 1000, 1500), weights=(2, 6, 2))[0],
            minimum_payout=rng.choice((0, 0, 0, 10_000)),
            women_led=women, youth_led=youth,
        ))
        picks = [(category, t) for t in rng.sample(TEMPLATES[category], rng.randint(8, 11))]
        if secondary and rng.randrange(100) < 40:
            picks += [(secondary, t) for t in rng.sample(TEMPLATES[secondary], rng.randint(1, 2))]
        gs1 = has_ice and category in PACKAGED and rng.randrange(100) < 60
        for number, (cat, template) in enumerate(picks, start=1):
            price = _price(rng, template.low, template.high)
            min_price = None
            if cat in BARGAINED and rng.randrange(100) < 50:
                min_price = price * 85 // 100 // 500 * 500
            barcode = ""
            if gs1 and template.unit is Unit.PIECE:
                # Morocco's GS1 prefix 611, a 5-digit company number per cooperative, 4-digit item.
                body = f"611{10_000 + index * 137:05d}{number:04d}"
                barcode = f"{body}{ean_check_digit(body)}"
            draft = ProductDraft(
                cooperative_code=code, sku=f"{code}-{number:02d}", name_ar=template.name_ar,
                name_fr=template.name_fr, category=cat, unit=template.unit, price=price,
                barcode=barcode, min_price=min_price,
            )
            products.append(DemoProduct(draft, template.qty))
    return cooperatives, products
