#!/usr/bin/env python3
"""Generate the scoutmatch demo data set (fictional profiles from Südwestfalen and the Ruhr).

Deterministic: the same script always writes the same files (fixed seed, standard library
only). Run from anywhere:

    python3 data/demo/generate.py            # writes the files next to this script
    python3 data/demo/generate.py --check    # additionally prints a few sample profiles

Output (next to this script):
    profiles.jsonl        all profiles, one JSON object per line (UTF-8)
    profiles_sample.csv   the first 12 profiles as RFC 4180 CSV
    pairs.jsonl           evaluation pairs {"query": company id, "relevant": [partner ids]}
    README.md             description, field list, counts and the compound-word cases

All organisations are fictional. The texts were written for scoutmatch from the building
blocks below; any resemblance to real organisations is unintended.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import sys
from collections import Counter, OrderedDict
from pathlib import Path

SEED = 20240611
HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------------
# Geography: real towns, real NUTS-3 codes (NUTS 2021). DEA5x = Regierungsbezirk Arnsberg.
# --------------------------------------------------------------------------------------------

REGIONS = OrderedDict(
    [
        # code: (German name, English name, id prefix, country)
        ("DEA57", ("Hochsauerlandkreis", "Hochsauerland district", "swf", "DE")),
        ("DEA58", ("Märkischer Kreis", "Märkischer Kreis district", "swf", "DE")),
        ("DEA59", ("Kreis Olpe", "Olpe district", "swf", "DE")),
        ("DEA5A", ("Kreis Siegen-Wittgenstein", "Siegen-Wittgenstein district", "swf", "DE")),
        ("DEA5B", ("Kreis Soest", "Soest district", "swf", "DE")),
        ("DEA52", ("Dortmund", "Dortmund", "do", "DE")),
        ("DEA51", ("Bochum", "Bochum", "bo", "DE")),
        ("DEA53", ("Hagen", "Hagen", "ha", "DE")),
        ("DEA47", ("Kreis Paderborn", "Paderborn district", "pb", "DE")),
        ("NL213", ("Twente", "Twente", "nl", "NL")),
        ("NL226", ("Arnhem/Nijmegen", "Arnhem/Nijmegen", "nl", "NL")),
        ("AT312", ("Linz-Wels", "Linz-Wels", "at", "AT")),
        ("AT221", ("Graz", "Graz", "at", "AT")),
        ("CH040", ("Zürich", "Zurich", "ch", "CH")),
        ("CH055", ("St. Gallen", "St. Gallen", "ch", "CH")),
    ]
)

# city: (region, lat, lon, adjective used in company names or None)
CITIES = OrderedDict(
    [
        ("Siegen", ("DEA5A", 50.8748, 8.0243, "Siegener")),
        ("Kreuztal", ("DEA5A", 50.9667, 7.9883, "Kreuztaler")),
        ("Netphen", ("DEA5A", 50.9150, 8.1000, "Netphener")),
        ("Hilchenbach", ("DEA5A", 50.9967, 8.1100, "Hilchenbacher")),
        ("Wilnsdorf", ("DEA5A", 50.8170, 8.1000, "Wilnsdorfer")),
        ("Burbach", ("DEA5A", 50.7500, 8.0833, "Burbacher")),
        ("Freudenberg", ("DEA5A", 50.8967, 7.8667, "Freudenberger")),
        ("Bad Berleburg", ("DEA5A", 51.0497, 8.3923, "Berleburger")),
        ("Bad Laasphe", ("DEA5A", 50.9300, 8.4167, "Laaspher")),
        ("Olpe", ("DEA59", 51.0289, 7.8514, "Olper")),
        ("Attendorn", ("DEA59", 51.1264, 7.9031, "Attendorner")),
        ("Lennestadt", ("DEA59", 51.1000, 8.0700, "Lennestädter")),
        ("Finnentrop", ("DEA59", 51.1667, 7.9667, "Finnentroper")),
        ("Wenden", ("DEA59", 50.9667, 7.8667, "Wendener")),
        ("Drolshagen", ("DEA59", 51.0239, 7.7731, "Drolshagener")),
        ("Kirchhundem", ("DEA59", 51.1000, 8.0833, None)),
        ("Lüdenscheid", ("DEA58", 51.2198, 7.6273, "Lüdenscheider")),
        ("Iserlohn", ("DEA58", 51.3759, 7.6949, "Iserlohner")),
        ("Menden", ("DEA58", 51.4433, 7.7928, "Mendener")),
        ("Plettenberg", ("DEA58", 51.2128, 7.8714, "Plettenberger")),
        ("Altena", ("DEA58", 51.2983, 7.6733, "Altenaer")),
        ("Hemer", ("DEA58", 51.3853, 7.7697, "Hemeraner")),
        ("Meinerzhagen", ("DEA58", 51.1067, 7.6400, "Meinerzhagener")),
        ("Werdohl", ("DEA58", 51.2600, 7.7600, "Werdohler")),
        ("Halver", ("DEA58", 51.1867, 7.5017, "Halveraner")),
        ("Neuenrade", ("DEA58", 51.2833, 7.7833, None)),
        ("Arnsberg", ("DEA57", 51.3967, 8.0644, "Arnsberger")),
        ("Meschede", ("DEA57", 51.3503, 8.2836, "Mescheder")),
        ("Brilon", ("DEA57", 51.3956, 8.5678, "Briloner")),
        ("Sundern", ("DEA57", 51.3267, 8.0017, "Sunderner")),
        ("Schmallenberg", ("DEA57", 51.1547, 8.2878, "Schmallenberger")),
        ("Winterberg", ("DEA57", 51.1922, 8.5347, "Winterberger")),
        ("Marsberg", ("DEA57", 51.4622, 8.8464, "Marsberger")),
        ("Olsberg", ("DEA57", 51.3567, 8.4878, "Olsberger")),
        ("Soest", ("DEA5B", 51.5711, 8.1064, "Soester")),
        ("Lippstadt", ("DEA5B", 51.6739, 8.3447, "Lippstädter")),
        ("Werl", ("DEA5B", 51.5500, 7.9167, "Werler")),
        ("Geseke", ("DEA5B", 51.6400, 8.5111, "Geseker")),
        ("Erwitte", ("DEA5B", 51.6128, 8.3383, "Erwitter")),
        ("Warstein", ("DEA5B", 51.4436, 8.3494, "Warsteiner")),
        ("Rüthen", ("DEA5B", 51.4900, 8.4833, None)),
        ("Dortmund", ("DEA52", 51.5136, 7.4653, "Dortmunder")),
        ("Bochum", ("DEA51", 51.4818, 7.2162, "Bochumer")),
        ("Hagen", ("DEA53", 51.3671, 7.4633, "Hagener")),
        ("Paderborn", ("DEA47", 51.7189, 8.7575, "Paderborner")),
        ("Büren", ("DEA47", 51.5517, 8.5600, None)),
        ("Enschede", ("NL213", 52.2215, 6.8937, None)),
        ("Nijmegen", ("NL226", 51.8126, 5.8372, None)),
        ("Linz", ("AT312", 48.3069, 14.2858, "Linzer")),
        ("Graz", ("AT221", 47.0707, 15.4395, "Grazer")),
        ("Winterthur", ("CH040", 47.5001, 8.7240, "Winterthurer")),
        ("Zürich", ("CH040", 47.3769, 8.5417, "Zürcher")),
        ("St. Gallen", ("CH055", 47.4245, 9.3767, "St. Galler")),
    ]
)

SWF = ["DEA57", "DEA58", "DEA59", "DEA5A", "DEA5B"]

# Regional names usable as invariant first words of company names, by district.
LANDSCAPE = {
    "DEA57": ["Sauerländer", "Hochsauerland", "Ruhrtal", "Hennetal", "Rothaar"],
    "DEA58": ["Lenne", "Volme", "Hönnetal", "Märkische", "Rahmede"],
    "DEA59": ["Biggetal", "Sauerländer", "Lennetal", "Repetal"],
    "DEA5A": ["Siegerländer", "Wittgensteiner", "Siegtal", "Edertal", "Ferndorf"],
    "DEA5B": ["Hellweg", "Haarstrang", "Lippe", "Möhnetal"],
    "DEA52": ["Westfalen", "Emscher"],
    "DEA51": ["Ruhr", "Emscher"],
    "DEA53": ["Volme", "Ruhr"],
    "DEA47": ["Paderland", "Almetal"],
}
FAMILIES = [
    "Brüggemann", "Schulte", "Vollmer", "Kleine", "Hesse", "Stracke", "Wrede", "Feldmann",
    "Kemper", "Rademacher", "Hundt", "Klauke", "Schmalenbach", "Menne", "Bicker", "Hüttemann",
    "Wiethoff", "Heuel", "Rinke", "Plassmann", "Gerwin", "Brögger", "Hollweg", "Tigges",
    "Siebel", "Jung", "Steinseifer", "Mockenhaupt", "Ermert", "Belz", "Heinemann", "Lütticke",
    "Sasse", "Kuhlmann", "Bracht", "Niggemann", "Sommer", "Vahle", "Wieners", "Dickel",
]

# --------------------------------------------------------------------------------------------
# Topics: the shared vocabulary. Companies draw their needs from `need_*`, research groups
# and start-ups draw their offers from `offer_*`. A company need topic is "answered" by every
# research group that offers the same topic (this is how pairs.jsonl is derived).
# `compound`: the German compound that only the company side writes; the research side
# writes the parts (see README, "Compound-word cases").
# --------------------------------------------------------------------------------------------


def T(key, **kw):
    kw["key"] = key
    for f in ("need_de", "need_en", "offer_de", "offer_en", "comp_de", "comp_en", "kw_de", "kw_en"):
        kw.setdefault(f, [])
    kw.setdefault("compound", None)
    return kw


TOPICS = [
    T("leichtbau", compound="Leichtbaukonstruktion",
      need_de=["Für eine neue Generation von Querträgern suchen wir Know-how in der Leichtbaukonstruktion mit faserverstärkten Kunststoffen.",
               "Wir möchten geschweißte Stahlhalter durch eine Leichtbaukonstruktion ersetzen und suchen einen Partner für Auslegung und Bauteilprüfung.",
               "Gesucht wird Unterstützung bei Leichtbaukonstruktionen in Mischbauweise aus Stahl und faserverstärktem Kunststoff."],
      need_en=["We are looking for support with lightweight design using fibre-reinforced plastics for structural parts.",
               "We want to replace welded steel brackets with a lightweight construction and need help with design and testing."],
      offer_de=["Wir bieten Auslegung, Simulation und Prüfung im Leichtbau mit Faserverbundwerkstoffen, von der Konstruktion bis zum Prototyp.",
                "Angebot: Konstruktion im Leichtbau und Bauteilprüfung für Faserverbund und Mischbauweise aus Metall und Kunststoff."],
      offer_en=["We offer design, simulation and testing of lightweight structures made of fibre-reinforced plastics, from concept to prototype."],
      comp_de=["Faserverbundwerkstoffe", "Leichtbau und Konstruktion", "Ermüdungsprüfung"],
      comp_en=["fibre-reinforced composites", "lightweight design", "fatigue testing"],
      lab_de="ein Technikum mit Autoklav, RTM-Presse und servohydraulischen Prüfmaschinen",
      lab_en="a pilot hall with autoclave, RTM press and servo-hydraulic test rigs",
      kw_de=["Leichtbau", "Faserverbund", "CFK"], kw_en=["lightweight design", "composites", "CFRP"]),
    T("wasserstoff", compound="Wasserstofftechnologie",
      need_de=["Wir wollen in die Wasserstofftechnologie einsteigen und suchen Partner für die Entwicklung von Komponenten für Elektrolyseure.",
               "Gesucht wird Beratung zur Wasserstofftechnologie: Welche unserer Ventile und Dichtungen eignen sich für den Betrieb mit H2?",
               "Für unsere Prozesswärme prüfen wir den Einsatz von Wasserstofftechnologie und suchen eine wissenschaftliche Begleitung."],
      need_en=["We plan to enter hydrogen technology and look for partners to qualify our valves and fittings for hydrogen service."],
      offer_de=["Wir bieten Prüfstände für Komponenten, die mit Wasserstoff betrieben werden, sowie Beratung zu Werkstoffen und Dichtheit.",
                "Angebot: Machbarkeitsstudien zu Erzeugung, Speicherung und Nutzung von Wasserstoff in mittelständischen Betrieben."],
      offer_en=["We offer test benches for hydrogen components, electrolyser characterisation and feasibility studies on hydrogen use in industry."],
      comp_de=["Elektrolyse", "Speicherung von Wasserstoff", "Versprödung von Stählen durch Wasserstoff"],
      comp_en=["electrolysis", "hydrogen storage", "hydrogen embrittlement"],
      lab_de="ein Elektrolyse-Teststand bis 100 kW",
      lab_en="a 100 kW electrolysis test stand",
      kw_de=["Wasserstoff", "Elektrolyse", "H2"], kw_en=["hydrogen", "electrolysis", "H2"]),
    T("brennstoffzelle", compound="Brennstoffzellensysteme",
      need_de=["Wir fertigen Bipolarplatten-Rohlinge und suchen Know-how zu Brennstoffzellensystemen für Nutzfahrzeuge.",
               "Für den Einstieg in Brennstoffzellensysteme suchen wir einen Partner, der Stacks und Peripherie testen kann."],
      need_en=["We are looking for expertise in fuel cell systems to develop housings and media supply components."],
      offer_de=["Wir charakterisieren die Brennstoffzelle vom Einzelzellen-Test bis zum Stack und beraten zur Integration in Systeme.",
                "Angebot: Prüfung von Bipolarplatten, Dichtungen und Peripherie für die PEM-Brennstoffzelle."],
      offer_en=["We test fuel cell stacks and balance-of-plant components and support fuel cell system integration."],
      comp_de=["PEM-Brennstoffzelle", "Stack-Charakterisierung", "Integration in Fahrzeug-Systeme"],
      comp_en=["PEM fuel cells", "stack testing", "system integration"],
      lab_de="ein Prüffeld für die Brennstoffzelle bis 50 kW",
      lab_en="fuel cell test benches up to 50 kW",
      kw_de=["Brennstoffzelle", "PEM", "Bipolarplatte"], kw_en=["fuel cell", "PEM", "bipolar plate"]),
    T("werkstoff", compound="Werkstofftechnologien",
      need_de=["Wir suchen Partner für neue Werkstofftechnologien, um hochfeste Stähle in der Kaltumformung einzusetzen.",
               "Gesucht wird Unterstützung bei der Bewertung alternativer Werkstofftechnologien, weil eine bewährte Legierung nicht mehr lieferbar ist.",
               "Für ein Projekt zu Werkstofftechnologien suchen wir ein Labor für Schadensanalysen."],
      need_en=["We need support with materials technology, in particular failure analysis and the qualification of alternative alloys."],
      offer_de=["Wir bieten Schadensanalysen, mechanische Prüfung und Beratung zur Auswahl von Werkstoff und Wärmebehandlung.",
                "Angebot: Entwicklung und Charakterisierung neuer Werkstoffe und Technologien für Metall und Kunststoff."],
      offer_en=["We offer failure analysis, metallography and support in selecting materials and heat treatment."],
      comp_de=["Metallographie", "Schadensanalyse", "Wärmebehandlung"],
      comp_en=["metallography", "failure analysis", "heat treatment"],
      lab_de="ein Labor mit Rasterelektronenmikroskop, Härteprüfung und Zugprüfmaschinen",
      lab_en="a materials lab with SEM, hardness testers and tensile testing machines",
      kw_de=["Werkstoff", "Metallographie", "Schadensanalyse"], kw_en=["materials", "failure analysis"]),
    T("gebaeudetechnik", compound="Gebäudetechnik",
      need_de=["Wir suchen Partner, um unsere Gebäudetechnik mit Sensorik und Fernwartung auszustatten.",
               "Für vernetzte Gebäudetechnik in Bestandsbauten suchen wir Know-how zu Datenerfassung und Regelung.",
               "Gesucht: wissenschaftliche Begleitung bei der Optimierung der Gebäudetechnik in Schulen und Verwaltungsbauten."],
      need_en=["We are looking for partners to make our building technology smarter with sensors and remote monitoring."],
      offer_de=["Wir bieten Monitoring und Simulation der Technik im Gebäude, von Heizung und Lüftung bis zur Regelung.",
                "Angebot: Messkampagnen in Gebäuden, Bewertung der technischen Anlagen und Konzepte für energieeffiziente Technik."],
      offer_en=["We offer monitoring and simulation of building technology, including heating, ventilation and controls."],
      comp_de=["Technik für Gebäude und Quartiere", "Regelung von Heizung und Lüftung", "Messtechnik im Betrieb"],
      comp_en=["building technology", "HVAC control", "energy monitoring"],
      lab_de="ein Versuchsgebäude mit austauschbarer Heizungs- und Lüftungstechnik",
      lab_en="a test building with exchangeable heating and ventilation systems",
      kw_de=["Gebäude", "Technik", "TGA"], kw_en=["building technology", "HVAC"]),
    T("spritzguss", compound="Kunststoffspritzguss",
      need_de=["Für den Kunststoffspritzguss dünnwandiger Gehäuse suchen wir Unterstützung bei Füllsimulation und Werkzeugauslegung.",
               "Wir wollen den Ausschuss im Kunststoffspritzguss senken und suchen einen Partner für Prozessanalyse und Datenauswertung."],
      need_en=["We need support for plastic injection moulding of thin-walled housings, in particular mould filling simulation."],
      offer_de=["Wir bieten Füllsimulation, Werkzeugauslegung und Prozessoptimierung im Spritzguss für technische Kunststoffe.",
                "Angebot: Versuche im Spritzguss, Bemusterung und Analysen des Prozessfensters für Bauteile aus Kunststoff."],
      offer_en=["We offer mould flow simulation, tool design reviews and process optimisation for injection moulding."],
      comp_de=["Spritzguss", "Füllsimulation", "Werkzeugtechnik"],
      comp_en=["injection moulding", "mould flow simulation", "tooling"],
      lab_de="ein Technikum mit fünf Spritzgießmaschinen von 50 bis 350 t Schließkraft",
      lab_en="a pilot plant with five injection moulding machines (50 to 350 t)",
      kw_de=["Spritzguss", "Kunststoff"], kw_en=["injection moulding", "plastics"]),
    T("beschichtung", compound="Oberflächenbeschichtung",
      need_de=["Wir suchen eine verschleißfeste Oberflächenbeschichtung für Umformwerkzeuge, die ohne Hartverchromung auskommt.",
               "Für Gleitlagerbuchsen benötigen wir eine neue Oberflächenbeschichtung mit geringer Reibung.",
               "Gesucht: ein Partner zur Qualifizierung einer Oberflächenbeschichtung für Kunststoffteile im Fahrzeuginnenraum."],
      need_en=["We are looking for a wear-resistant surface coating for forming tools as an alternative to hard chrome plating."],
      offer_de=["Wir entwickeln Beschichtungen für Werkzeuge und Bauteile (PVD, CVD, thermisches Spritzen) und prüfen Haftung und Verschleiß der Oberfläche.",
                "Angebot: Beschichtung und Funktionalisierung von Oberflächen aus Metall und Kunststoff im Labor- und Kleinserienmaßstab."],
      offer_en=["We develop PVD and thermal spray coatings and test adhesion, friction and wear of functional surfaces."],
      comp_de=["PVD-Beschichtung", "thermisches Spritzen", "Tribologie"],
      comp_en=["PVD coatings", "thermal spraying", "tribology"],
      lab_de="eine PVD-Anlage mit Tribometer und Plasmaspritzstand",
      lab_en="PVD coaters, tribometers and a plasma spray booth",
      kw_de=["Beschichtung", "Oberfläche", "PVD"], kw_en=["coating", "surface engineering", "PVD"]),
    T("schweiss",
      need_de=["Wir suchen Unterstützung in der Schweißtechnik, um das Laserstrahlschweißen von Aluminium einzuführen.",
               "Für Stahlbau-Baugruppen nach EN 1090 suchen wir Know-how zur Automatisierung der Schweißtechnik mit Robotern."],
      need_en=["We need welding expertise to introduce laser beam welding of aluminium and to automate robot welding."],
      offer_de=["Wir bieten Verfahrensentwicklung in der Schweißtechnik, Schweißprüfung und Qualifizierung nach DIN EN ISO 15614.",
                "Angebot: Roboterschweißen, Laserstrahl- und MSG-Schweißen im Versuchsfeld, inklusive Gefügeanalyse der Nähte."],
      offer_en=["We develop welding procedures, including laser and robot welding, and provide weld testing."],
      comp_de=["Schweißtechnik", "Laserstrahlschweißen", "Fügetechnik"],
      comp_en=["welding technology", "laser welding", "joining"],
      lab_de="ein Schweißversuchsfeld mit Robotern, Faserlaser und Prüflabor",
      lab_en="a welding lab with robots, fibre laser and weld inspection",
      kw_de=["Schweißtechnik", "Fügen", "Laser"], kw_en=["welding", "joining"]),
    T("strassenbau",
      need_de=["Wir suchen Partner, um Recycling-Asphalt und industrielle Nebenprodukte im Straßenbau einzusetzen.",
               "Für unsere Gesteinskörnungen im Straßenbau suchen wir Prüfverfahren zur Dauerhaftigkeit."],
      need_en=["We want to use reclaimed asphalt and industrial by-products in road construction and need testing support."],
      offer_de=["Wir prüfen Asphalt, Gesteinskörnungen und Recyclingbaustoffe für den Straßenbau und entwickeln ressourcenschonende Mischungen.",
                "Angebot: Labor- und Feldversuche zu Baustoffen im Straßenbau, inklusive Lebenszyklusbewertung."],
      offer_en=["We test asphalt, aggregates and recycled materials for road construction."],
      comp_de=["Asphalttechnologie", "Baustoffprüfung", "Straßenbau"],
      comp_en=["asphalt technology", "road construction materials"],
      lab_de="ein Baustofflabor mit Spurbildungsprüfung und Klimakammern",
      lab_en="a construction materials lab with wheel tracking tests and climate chambers",
      kw_de=["Straßenbau", "Asphalt", "Baustoffe"], kw_en=["road construction", "asphalt"]),
    T("industrie40",
      need_de=["Wir möchten unsere Fertigung im Sinne von Industrie 4.0 vernetzen und suchen Unterstützung bei der Maschinenanbindung über OPC UA.",
               "Gesucht: ein Partner für ein Pilotprojekt zu Industrie 4.0, um Maschinendaten in der Bestandsfertigung zu erfassen.",
               "Für die Einführung eines MES und die digitale Auftragsverfolgung im Sinne von Industrie 4.0 suchen wir Beratung."],
      need_en=["We want to connect our shop floor (Industry 4.0) and need help with OPC UA machine connectivity and data collection."],
      offer_de=["Wir unterstützen bei Industrie 4.0: Anbindung von Bestandsmaschinen über OPC UA, Datenplattformen und MES-Einführung.",
                "Angebot: Demonstratoren zu Industrie 4.0 in unserer Lernfabrik und Potenzialanalysen für vernetzte Produktion."],
      offer_en=["We support Industry 4.0 projects: retrofitting legacy machines with OPC UA, data platforms and MES."],
      comp_de=["Industrie 4.0", "OPC UA", "Produktionsdaten"],
      comp_en=["Industry 4.0", "OPC UA", "manufacturing data"],
      lab_de="eine Lernfabrik mit vernetzter Montagelinie",
      lab_en="a learning factory with a connected assembly line",
      kw_de=["Industrie 4.0", "OPC UA", "MES"], kw_en=["Industry 4.0", "OPC UA", "MES"]),
    T("druck3d",
      need_de=["Wir möchten Ersatzteile und Vorrichtungen im 3D-Druck herstellen und suchen Beratung zu Verfahren und Werkstoffen.",
               "Für konturnahe Kühlkanäle in Werkzeugeinsätzen prüfen wir den 3D-Druck in Metall und suchen einen Entwicklungspartner."],
      need_en=["We want to use 3D printing for spare parts and fixtures and need advice on processes and materials."],
      offer_de=["Wir bieten additive Fertigung (3D-Druck) in Metall und Kunststoff: Bauteilauswahl, Konstruktion und Fertigung von Prototypen.",
                "Angebot: Studien zum 3D-Druck mit Laserstrahlschmelzen und Nachbearbeitung bis zur Serienreife."],
      offer_en=["We offer additive manufacturing (3D printing) in metal and polymer, from part screening to prototypes."],
      comp_de=["additive Fertigung", "3D-Druck", "Laserstrahlschmelzen"],
      comp_en=["additive manufacturing", "3D printing", "laser powder bed fusion"],
      lab_de="ein Labor mit 3D-Druckern für Metall und Kunststoff",
      lab_en="metal and polymer 3D printers",
      kw_de=["3D-Druck", "additive Fertigung"], kw_en=["3D printing", "additive manufacturing"]),
    T("cpp",
      need_de=["Für die Steuerungssoftware unserer Geräte suchen wir Unterstützung bei der Embedded-Entwicklung in C++.",
               "Wir suchen Studierende oder Partner mit Erfahrung in C++ und Echtzeitsystemen für unsere Regelungselektronik."],
      need_en=["We need support with embedded software development in C++ for our machine controls."],
      offer_de=["Wir bieten Softwareentwicklung für eingebettete Systeme in C++ und Rust, inklusive Tests und funktionaler Sicherheit.",
                "Angebot: Code-Reviews, Schulungen zu modernem C++ und Echtzeitsoftware für Steuerungen."],
      offer_en=["We offer embedded software engineering in C++, real-time systems and software testing."],
      comp_de=["Embedded Software", "C++", "Echtzeitsysteme"],
      comp_en=["embedded software", "C++", "real-time systems"],
      lab_de="ein Embedded-Labor mit Hardware-in-the-Loop-Prüfständen",
      lab_en="an embedded systems lab with hardware-in-the-loop rigs",
      kw_de=["C++", "Embedded", "Software"], kw_en=["C++", "embedded systems"]),
    T("co2neutral",
      need_de=["Wir wollen bis 2030 CO2-neutral produzieren und suchen Unterstützung bei CO2-Bilanz und Maßnahmenplan.",
               "Unsere Kunden verlangen den CO2-Fußabdruck je Bauteil; gesucht wird ein Partner für die Bilanzierung.",
               "Gesucht: Konzepte, um unsere Öfen und Trockner CO2-neutral zu betreiben."],
      need_en=["We aim for CO2-neutral production and need help with product carbon footprints and a decarbonisation roadmap."],
      offer_de=["Wir erstellen CO2-Bilanzen und Product Carbon Footprints und entwickeln Fahrpläne für eine CO2-neutrale Produktion.",
                "Angebot: Dekarbonisierung von Prozesswärme, Energieanalysen und Ökobilanzen für Produkte."],
      offer_en=["We calculate product carbon footprints and develop roadmaps towards CO2-neutral manufacturing."],
      comp_de=["CO2-Bilanzierung", "Ökobilanz", "Dekarbonisierung"],
      comp_en=["carbon footprint", "life cycle assessment", "decarbonisation"],
      lab_de="eine Software-Umgebung für Ökobilanzen mit aktuellen Emissionsfaktoren",
      lab_en="life cycle assessment software with current emission factors",
      kw_de=["CO2-neutral", "Dekarbonisierung", "Klimaschutz"], kw_en=["CO2-neutral", "decarbonisation", "carbon footprint"]),
    T("ml_qualitaet",
      need_de=["Wir suchen einen Partner, der mit Machine Learning und Bildverarbeitung Oberflächenfehler an unseren Teilen erkennt.",
               "Für die Qualitätsprüfung möchten wir Machine Learning einsetzen und benötigen Unterstützung bei Datenaufnahme und Modelltraining.",
               "Gesucht: eine automatische Sichtprüfung mit Kamera und KI statt manueller Endkontrolle."],
      need_en=["We want to use machine learning and computer vision to detect surface defects in our parts."],
      offer_de=["Wir entwickeln Verfahren der Bildverarbeitung und des Machine Learning für die automatische Qualitätsprüfung in der Fertigung.",
                "Angebot: Machbarkeitsstudien zur KI-gestützten Sichtprüfung, von der Kameraauswahl bis zum trainierten Modell."],
      offer_en=["We develop machine learning and computer vision methods for automated visual inspection in manufacturing."],
      comp_de=["Machine Learning", "Bildverarbeitung", "Qualitätsprüfung"],
      comp_en=["machine learning", "computer vision", "visual inspection"],
      lab_de="ein Bildverarbeitungslabor mit Industriekameras und GPU-Servern",
      lab_en="a vision lab with industrial cameras and GPU servers",
      kw_de=["Machine Learning", "KI", "Bildverarbeitung"], kw_en=["machine learning", "computer vision", "AI"]),
    T("pdm",
      need_de=["Wir wollen ungeplante Stillstände unserer Pressen vermeiden und suchen Lösungen für Predictive Maintenance.",
               "Gesucht: Zustandsüberwachung von Spindeln und Hydraulik, damit Wartung vorausschauend geplant werden kann."],
      need_en=["We are looking for predictive maintenance solutions to avoid unplanned downtime of our machines."],
      offer_de=["Wir bieten Condition Monitoring und Predictive Maintenance: Sensorik, Schwingungsanalyse und Prognosemodelle für Maschinen.",
                "Angebot: Nachrüstung von Sensorik und Auswertung von Maschinendaten für vorausschauende Wartung."],
      offer_en=["We offer condition monitoring and predictive maintenance: sensors, vibration analysis and prognostic models."],
      comp_de=["Condition Monitoring", "Schwingungsanalyse", "Predictive Maintenance"],
      comp_en=["condition monitoring", "vibration analysis", "predictive maintenance"],
      lab_de="ein Versuchsstand für Lager, Getriebe und Hydraulik mit Schwingungsmesstechnik",
      lab_en="test rigs for bearings, gearboxes and hydraulics with vibration sensors",
      kw_de=["Predictive Maintenance", "Zustandsüberwachung", "Sensorik"], kw_en=["predictive maintenance", "condition monitoring"]),
    T("digital_twin",
      need_de=["Wir möchten für unsere Anlagen einen Digital Twin aufbauen, um die Inbetriebnahme virtuell vorzubereiten.",
               "Gesucht: ein Partner für einen digitalen Zwilling unserer Produktionslinie zur Simulation von Durchlaufzeiten."],
      need_en=["We want to build a digital twin of our machines to support virtual commissioning."],
      offer_de=["Wir entwickeln Digital Twins von Maschinen und Anlagen für virtuelle Inbetriebnahme, Simulation und Betrieb.",
                "Angebot: Aufbau eines digitalen Zwillings auf Basis vorhandener CAD- und Steuerungsdaten."],
      offer_en=["We build digital twins of machines and production systems for simulation and virtual commissioning."],
      comp_de=["Digital Twin", "Simulation", "virtuelle Inbetriebnahme"],
      comp_en=["digital twin", "simulation", "virtual commissioning"],
      lab_de="eine Simulationsumgebung für virtuelle Inbetriebnahme",
      lab_en="a simulation environment for virtual commissioning",
      kw_de=["Digital Twin", "digitaler Zwilling", "Simulation"], kw_en=["digital twin", "simulation"]),
    T("robotik_ki",
      need_de=["Wir suchen Unterstützung bei der Automatisierung des Griffs in die Kiste mit Robotern und KI.",
               "Für die Montage kleiner Losgrößen suchen wir flexible Roboterlösungen, die neue Teile ohne aufwendige Programmierung lernen."],
      need_en=["We are looking for AI-based robot solutions for bin picking and flexible assembly of small batches."],
      offer_de=["Wir erforschen KI in der Robotik: lernende Greifstrategien, Bin Picking und Mensch-Roboter-Kollaboration.",
                "Angebot: Roboterzellen zum Testen von Greif- und Montageaufgaben mit KI-basierter Bahnplanung."],
      offer_en=["We research AI for robotics: learned grasping, bin picking and human-robot collaboration."],
      comp_de=["Robotik", "KI", "Bin Picking", "Mensch-Roboter-Kollaboration"],
      comp_en=["robotics", "AI", "bin picking", "human-robot collaboration"],
      lab_de="ein Robotiklabor mit Cobots und 3D-Kameras",
      lab_en="a robotics lab with cobots and 3D cameras",
      kw_de=["Robotik", "KI", "Bin Picking"], kw_en=["robotics", "AI", "bin picking"]),
    T("lidar",
      need_de=["Für Halter und Gehäuse von LiDAR-Sensoren suchen wir Know-how zu Toleranzen, Vibration und Temperaturverhalten.",
               "Wir möchten LiDAR-Sensorik in Fahrerassistenzsystemen besser verstehen, um passende Komponenten zu entwickeln."],
      need_en=["We need expertise on LiDAR sensor housings and mounts: tolerances, vibration and thermal behaviour."],
      offer_de=["Wir bieten Tests und Kalibrierung von LiDAR- und Radarsensoren sowie Sensorfusion für Fahrerassistenzsysteme."],
      offer_en=["We test and calibrate LiDAR and radar sensors and develop sensor fusion for driver assistance and automated driving.",
                "We develop LiDAR perception with machine learning for automated vehicles and mobile robots."],
      comp_de=["LiDAR", "Sensorfusion", "Fahrerassistenz"],
      comp_en=["LiDAR", "sensor fusion", "automated driving"],
      lab_de="eine Sensorhalle mit LiDAR-Referenzsystem",
      lab_en="a sensor test hall with a LiDAR reference system",
      kw_de=["LiDAR", "Sensorik", "Fahrerassistenz"], kw_en=["LiDAR", "sensor fusion", "ADAS"]),
    T("batterie_recycling",
      need_de=["Wir suchen Partner für das Recycling von Batterien aus der Modulfertigung und die Rückgewinnung von Metallen aus Produktionsabfällen.",
               "Für Batteriegehäuse möchten wir eine recyclinggerechte Konstruktion und suchen Know-how zur Demontage."],
      need_en=["We are looking for partners for battery recycling and the recovery of metals from production scrap."],
      offer_de=["Wir entwickeln Verfahren für das Batterierecycling: automatisierte Demontage, Aufbereitung und Rückgewinnung von Metallen.",
                "Angebot: Bewertung von Recycling-Routen für Batterien und Beratung zu recyclinggerechter Konstruktion."],
      offer_en=["We develop battery recycling processes: automated disassembly, black mass processing and metal recovery."],
      comp_de=["Batterierecycling", "Demontage", "Kreislaufwirtschaft"],
      comp_en=["battery recycling", "disassembly", "circular economy"],
      lab_de="eine Pilotanlage zur Aufbereitung von Batteriematerial",
      lab_en="a pilot line for battery material processing",
      kw_de=["Batterie", "Recycling", "Kreislaufwirtschaft"], kw_en=["battery recycling", "circular economy"]),
    T("umformtechnik",
      need_de=["Wir suchen Unterstützung bei der Umformsimulation für Tiefziehteile aus hochfesten Stählen.",
               "Für Warmumformung und Presshärten suchen wir einen Partner zur Prozessauslegung."],
      need_en=["We need forming simulation support for deep-drawn parts made of high-strength steels."],
      offer_de=["Wir bieten Umformsimulation, Werkzeugauslegung und Versuche zum Tiefziehen, Presshärten und Kaltfließpressen.",
                "Angebot: Umformversuche an Servopressen und Ermittlung von Werkstoffkennwerten für die Simulation."],
      offer_en=["We offer sheet metal forming simulation, press hardening trials and material characterisation."],
      comp_de=["Umformtechnik", "Tiefziehen", "Presshärten"],
      comp_en=["metal forming", "deep drawing", "press hardening"],
      lab_de="eine Servopresse bis 4.000 kN und eine Warmumformlinie",
      lab_en="servo presses up to 4,000 kN and a hot forming line",
      kw_de=["Umformtechnik", "Tiefziehen", "Stahl"], kw_en=["metal forming", "deep drawing"]),
    T("zerspanung",
      need_de=["Wir suchen Unterstützung, um den Werkzeugverschleiß bei der Zerspanung von Titan und Edelstahl zu verringern.",
               "Für die Hochgeschwindigkeitszerspanung von Aluminium benötigen wir Hilfe bei Prozessauslegung und Spannmitteln."],
      need_en=["We want to reduce tool wear when machining titanium and stainless steel."],
      offer_de=["Wir untersuchen Zerspanprozesse, Werkzeugverschleiß und Kühlschmierung beim Drehen, Fräsen und Bohren schwer zerspanbarer Werkstoffe.",
                "Angebot: Zerspanversuche, Schnittkraftmessung und Optimierung von Schnittdaten."],
      offer_en=["We study machining processes, tool wear and cooling lubrication for difficult-to-cut materials such as titanium."],
      comp_de=["Zerspanung", "Werkzeugverschleiß", "Fräsen"],
      comp_en=["machining", "tool wear", "milling"],
      lab_de="ein Versuchsfeld mit 5-Achs-Bearbeitungszentren und Kraftmesstechnik",
      lab_en="5-axis machining centres with force measurement",
      kw_de=["Zerspanung", "Fräsen", "Titan"], kw_en=["machining", "milling", "titanium"]),
    T("emobility",
      need_de=["Als Zulieferer von Verbrennerkomponenten suchen wir neue Produkte für die E-Mobilität, etwa Gehäuse für Elektromotoren.",
               "Gesucht: Know-how zu Hochvolt-Steckverbindern und Stromschienen für Elektrofahrzeuge."],
      need_en=["We need to transform our portfolio towards e-mobility and look for know-how on electric motor housings and busbars."],
      offer_de=["Wir forschen zu elektrischen Antrieben, Leistungselektronik und Hochvolt-Komponenten für die E-Mobilität.",
                "Angebot: Prüfstände für Elektromotoren und Beratung zur Transformation von Zulieferern in Richtung E-Mobilität."],
      offer_en=["We research electric drives, power electronics and high-voltage components for e-mobility."],
      comp_de=["elektrische Antriebe", "Leistungselektronik", "E-Mobilität"],
      comp_en=["electric drives", "power electronics", "e-mobility"],
      lab_de="ein Motorenprüfstand bis 250 kW",
      lab_en="e-motor test benches up to 250 kW",
      kw_de=["E-Mobilität", "Elektromotor", "Hochvolt"], kw_en=["e-mobility", "electric drives"]),
    T("medtech_zulassung",
      need_de=["Für die Zulassung nach MDR suchen wir Unterstützung bei klinischer Bewertung und technischer Dokumentation.",
               "Wir benötigen Prüfungen der Biokompatibilität nach ISO 10993 für ein neues Medizinprodukt."],
      need_en=["We need support with MDR approval, clinical evaluation and biocompatibility testing for a new medical device."],
      offer_de=["Wir unterstützen Hersteller von Medizinprodukten bei MDR, Risikomanagement nach ISO 14971 und Biokompatibilität.",
                "Angebot: Usability-Studien und Prüfungen für Medizinprodukte bis zur Zulassung."],
      offer_en=["We support medical device manufacturers with MDR, risk management and biocompatibility testing."],
      comp_de=["Medizinprodukte", "MDR", "Biokompatibilität"],
      comp_en=["medical devices", "MDR", "biocompatibility"],
      lab_de="ein Zellkulturlabor und ein Usability-Labor",
      lab_en="a cell culture lab and a usability lab",
      kw_de=["Medizintechnik", "MDR", "Zulassung"], kw_en=["medical devices", "MDR", "regulatory"]),
    T("implantat",
      need_de=["Wir suchen Partner, um die Oberflächen unserer Titanimplantate für ein besseres Einwachsen zu funktionalisieren.",
               "Gesucht: Know-how zur additiven Fertigung patientenindividueller Implantate."],
      need_en=["We are looking for partners to functionalise titanium implant surfaces for better osseointegration."],
      offer_de=["Wir entwickeln Implantate aus Titan und resorbierbaren Werkstoffen und funktionalisieren Oberflächen für ein besseres Einwachsen."],
      offer_en=["We develop titanium and bioresorbable implants and functionalise surfaces for osseointegration."],
      comp_de=["Implantate", "Biomaterialien", "Titan"],
      comp_en=["implants", "biomaterials", "titanium"],
      lab_de="ein Biomateriallabor mit Zellkultur",
      lab_en="a biomaterials lab with cell culture",
      kw_de=["Implantat", "Titan", "Biomaterial"], kw_en=["implants", "biomaterials"]),
    T("holzwerkstoffe", compound="Holzwerkstoffe",
      need_de=["Wir suchen Partner zur Entwicklung formaldehydfreier Holzwerkstoffe für den Möbelbau.",
               "Für tragende Holzwerkstoffe aus Laubholz suchen wir Prüfungen und Unterstützung bei der Zulassung."],
      need_en=["We are looking for formaldehyde-free wood-based panels for furniture."],
      offer_de=["Wir entwickeln Werkstoffe aus Holz und Naturfasern, zum Beispiel Platten mit biobasierten Bindemitteln ohne Formaldehyd.",
                "Angebot: Prüfung von Holz und holzbasierten Werkstoffen für tragende Anwendungen, inklusive Brandschutz."],
      offer_en=["We develop wood-based materials and natural-fibre panels with bio-based binders."],
      comp_de=["Holz", "biobasierte Werkstoffe", "Bindemittel"],
      comp_en=["wood-based materials", "bio-based binders"],
      lab_de="eine Plattenpresse und ein Prüflabor für Holz",
      lab_en="a panel press and a timber testing lab",
      kw_de=["Holz", "Werkstoffe", "biobasiert"], kw_en=["wood", "bio-based materials"]),
    T("moebel_digital",
      need_de=["Wir möchten die Fertigung von Möbeln in Losgröße 1 digitalisieren und suchen Unterstützung vom Konfigurator bis zur CNC-Maschine.",
               "Gesucht: ein Partner für die automatische Erzeugung von CNC-Programmen aus unserem Online-Konfigurator."],
      need_en=["We want to digitalise batch-size-one furniture production, from configurator to CNC."],
      offer_de=["Wir bieten Lösungen für die durchgängige digitale Prozesskette in der Möbelfertigung, vom Konfigurator bis zur CNC-Bearbeitung."],
      offer_en=["We offer digital process chains for furniture production in batch size one, from product configurators to CNC machining."],
      comp_de=["Möbelfertigung", "CNC", "Produktkonfiguration"],
      comp_en=["furniture manufacturing", "CNC", "product configuration"],
      lab_de="eine Modellfabrik für Möbel mit CNC-Zentrum",
      lab_en="a model furniture factory with a CNC centre",
      kw_de=["Möbel", "Losgröße 1", "CNC"], kw_en=["furniture", "CNC", "mass customisation"]),
    T("energie_gebaeude",
      need_de=["Wir entwickeln Wärmepumpen für Mehrfamilienhäuser und suchen Partner für Kältemittel mit geringem Treibhauspotenzial.",
               "Für unsere Lüftungsgeräte mit Wärmerückgewinnung suchen wir Unterstützung bei Effizienzmessungen."],
      need_en=["We develop heat pumps and look for partners on natural refrigerants and efficiency testing."],
      offer_de=["Wir vermessen Wärmepumpen und Lüftungsgeräte im Labor und entwickeln Regelungen für den effizienten Betrieb.",
                "Angebot: Simulation von Wärmepumpen mit natürlichen Kältemitteln wie Propan."],
      offer_en=["We test heat pumps and ventilation units and develop control strategies for efficient operation."],
      comp_de=["Wärmepumpen", "Kältetechnik", "Lüftung"],
      comp_en=["heat pumps", "refrigeration", "ventilation"],
      lab_de="ein Klimakammer-Prüfstand für Wärmepumpen",
      lab_en="a climate chamber test rig for heat pumps",
      kw_de=["Wärmepumpe", "Energieeffizienz", "Kältemittel"], kw_en=["heat pumps", "energy efficiency"]),
    T("bim",
      need_de=["Wir möchten BIM in unsere Planung einführen und suchen Unterstützung bei der Übergabe von Modellen an die Fertigung.",
               "Gesucht: ein Partner, der uns beim Einstieg in Building Information Modeling für die Vorfertigung begleitet."],
      need_en=["We want to introduce BIM (Building Information Modeling) and need support with model-based prefabrication."],
      offer_de=["Wir unterstützen die Einführung von BIM (Building Information Modeling) und die modellbasierte Vorfertigung."],
      offer_en=["We support BIM introduction and model-based prefabrication in construction."],
      comp_de=["BIM", "Vorfertigung", "Bauinformatik"],
      comp_en=["BIM", "prefabrication"],
      lab_de="ein BIM-Labor mit Großbildwand",
      lab_en="a BIM lab with a large display wall",
      kw_de=["BIM", "Vorfertigung", "Digitalisierung"], kw_en=["BIM", "prefabrication"]),
    T("rezyklat",
      need_de=["Wir wollen den Anteil von Rezyklat in unseren Kunststoffteilen erhöhen und suchen Unterstützung bei Materialprüfung und Prozessanpassung.",
               "Gesucht: ein Partner für biobasierte Kunststoffe, die sich auf unseren Anlagen verarbeiten lassen."],
      need_en=["We want to increase the share of recycled plastics in our parts and need help with material testing."],
      offer_de=["Wir untersuchen Rezyklate und biobasierte Kunststoffe und passen Rezepturen und Verarbeitung für technische Bauteile an."],
      offer_en=["We characterise recycled and bio-based plastics and adapt compounds and processing for technical parts."],
      comp_de=["Kunststoffrecycling", "Rezyklate", "Compoundierung"],
      comp_en=["plastics recycling", "compounding", "bio-based polymers"],
      lab_de="ein Compoundier-Technikum mit Doppelschneckenextruder",
      lab_en="a compounding pilot plant with a twin-screw extruder",
      kw_de=["Rezyklat", "Kunststoff", "Kreislaufwirtschaft"], kw_en=["recycled plastics", "circular economy"]),
    T("korrosion",
      need_de=["Wir suchen Unterstützung beim Korrosionsschutz verzinkter Stahlbauteile und bei der Prüfung im Salzsprühtest.",
               "Gesucht: ein Korrosionsschutz für Aluminiumbauteile, der ohne Chromatierung auskommt."],
      need_en=["We need support with corrosion protection of galvanised steel parts and salt spray testing."],
      offer_de=["Wir prüfen Korrosionsschutzsysteme, Verzinkung und Lacke und beraten zur Auswahl für Stahl und Aluminium."],
      offer_en=["We test corrosion protection systems such as galvanising and paints for steel and aluminium."],
      comp_de=["Korrosionsschutz", "Verzinkung", "Elektrochemie"],
      comp_en=["corrosion protection", "galvanising"],
      lab_de="ein Korrosionslabor mit Salzsprühkammern",
      lab_en="a corrosion lab with salt spray chambers",
      kw_de=["Korrosion", "Verzinkung", "Stahl"], kw_en=["corrosion", "galvanising"]),
    T("energieeffizienz",
      need_de=["Wir möchten die Abwärme unserer Öfen nutzen und suchen Partner für ein Energiekonzept.",
               "Gesucht: Unterstützung beim Energiemanagement nach ISO 50001 und bei der Reduzierung von Lastspitzen."],
      need_en=["We want to reuse waste heat from our furnaces and need an energy efficiency concept."],
      offer_de=["Wir analysieren Energieflüsse in Produktionsbetrieben, planen Abwärmenutzung und begleiten Energiemanagement nach ISO 50001."],
      offer_en=["We analyse energy flows in factories, design waste heat recovery and support ISO 50001 energy management."],
      comp_de=["Energieeffizienz", "Abwärmenutzung", "Energiemanagement"],
      comp_en=["energy efficiency", "waste heat recovery"],
      lab_de="ein mobiles Messsystem für Energieflüsse in Fabriken",
      lab_en="a mobile measurement kit for energy flows in factories",
      kw_de=["Energieeffizienz", "Abwärme", "ISO 50001"], kw_en=["energy efficiency", "waste heat"]),
    T("messtechnik",
      need_de=["Wir suchen eine Inline-Messtechnik, die Maße unserer Teile während der Fertigung prüft.",
               "Gesucht: ein Partner für die Computertomographie von Gussteilen und Baugruppen."],
      need_en=["We are looking for inline metrology to check dimensions during production."],
      offer_de=["Wir entwickeln optische Messtechnik und Inline-Prüfsysteme für die Fertigung, etwa Streifenprojektion und Computertomographie."],
      offer_en=["We develop optical metrology and inline inspection systems, including fringe projection and computed tomography."],
      comp_de=["Messtechnik", "Computertomographie", "Inline-Prüfung"],
      comp_en=["metrology", "computed tomography"],
      lab_de="ein klimatisierter Messraum mit Computertomograph",
      lab_en="a climate-controlled metrology room with a CT scanner",
      kw_de=["Messtechnik", "Qualitätssicherung"], kw_en=["metrology", "inspection"]),
    T("cybersec",
      need_de=["Nach einem Angriff auf einen Kunden wollen wir die IT-Sicherheit unserer vernetzten Maschinen verbessern.",
               "Gesucht: Beratung zur IT-Sicherheit vernetzter Produkte nach IEC 62443 und Cyber Resilience Act."],
      need_en=["We need to improve the IT security of our connected machines and products."],
      offer_de=["Wir bieten Sicherheitsanalysen für vernetzte Maschinen und Produkte, Penetrationstests und Beratung zu IEC 62443."],
      offer_en=["We provide security assessments for industrial control systems, penetration tests and IEC 62443 consulting."],
      comp_de=["IT-Sicherheit", "Industrial Security", "IEC 62443"],
      comp_en=["OT security", "IEC 62443"],
      lab_de="ein Testlabor mit industriellen Steuerungen",
      lab_en="a testbed with industrial controllers",
      kw_de=["IT-Sicherheit", "Cybersecurity", "OT"], kw_en=["cybersecurity", "OT security"]),
    T("druckguss",
      need_de=["Für Strukturbauteile aus Aluminium-Druckguss suchen wir Know-how zu Gießsimulation und zur Vermeidung von Porosität.",
               "Gesucht: ein Partner, der mit uns Gießparameter und Trennmittel im Druckguss optimiert."],
      need_en=["We need casting simulation expertise to reduce porosity in aluminium die-cast structural parts."],
      offer_de=["Wir bieten Gießsimulation, Gefügeanalyse und Prozessentwicklung für Druckguss aus Aluminium und Magnesium."],
      offer_en=["We offer casting simulation and process development for aluminium and magnesium die casting."],
      comp_de=["Druckguss", "Gießsimulation", "Aluminium"],
      comp_en=["die casting", "casting simulation"],
      lab_de="eine Druckgießzelle mit 840 t Schließkraft",
      lab_en="an 840 t die casting cell",
      kw_de=["Druckguss", "Aluminium", "Gießerei"], kw_en=["die casting", "aluminium"]),
    T("klebtechnik",
      need_de=["Wir wollen Schrauben und Nieten durch Kleben ersetzen und suchen Unterstützung bei Klebstoffauswahl und Prüfung.",
               "Gesucht: ein Partner für die Qualifizierung geklebter Verbindungen zwischen Metall und Kunststoff."],
      need_en=["We want to replace screws and rivets with adhesive bonding and need help with adhesive selection."],
      offer_de=["Wir bieten Klebtechnik: Auswahl von Klebstoffen, Vorbehandlung von Oberflächen, Prüfung und Schulung."],
      offer_en=["We offer adhesive bonding expertise: adhesive selection, surface pretreatment and joint testing."],
      comp_de=["Klebtechnik", "Fügetechnik", "Oberflächenvorbehandlung"],
      comp_en=["adhesive bonding", "joining"],
      lab_de="ein Klebtechnik-Labor mit Plasmavorbehandlung",
      lab_en="an adhesive bonding lab with plasma pretreatment",
      kw_de=["Kleben", "Fügetechnik"], kw_en=["adhesive bonding", "joining"]),
    T("intralogistik",
      need_de=["Wir suchen Lösungen für fahrerlose Transportsysteme in unserer gewachsenen Halle mit engen Gängen.",
               "Gesucht: ein Partner für die Automatisierung des innerbetrieblichen Materialflusses."],
      need_en=["We are looking for automated guided vehicles for a brownfield factory with narrow aisles."],
      offer_de=["Wir planen und erproben fahrerlose Transportsysteme und autonome mobile Roboter für die Intralogistik."],
      offer_en=["We design and test automated guided vehicles and autonomous mobile robots for intralogistics."],
      comp_de=["Intralogistik", "fahrerlose Transportsysteme", "Materialfluss"],
      comp_en=["intralogistics", "AGV", "mobile robots"],
      lab_de="eine Versuchshalle mit mobilen Robotern",
      lab_en="a test hall with mobile robots",
      kw_de=["Intralogistik", "FTS", "AMR"], kw_en=["intralogistics", "AGV"]),
    T("medtech_sensor",
      need_de=["Wir möchten Sensorik zur Messung von Vitaldaten in unsere Produkte integrieren und suchen Partner für Elektronik und Datenauswertung.",
               "Gesucht: ein Partner für Wearables, die Bewegung und Sturzrisiko von Patienten erfassen."],
      need_en=["We want to integrate vital sign sensors into our products and need electronics and data analytics partners."],
      offer_de=["Wir entwickeln Sensorik für Vitaldaten, Wearables und Algorithmen zur Auswertung für Medizin und Pflege."],
      offer_en=["We develop wearable sensors for vital signs and algorithms for healthcare and nursing applications."],
      comp_de=["medizinische Sensorik", "Wearables", "Signalverarbeitung"],
      comp_en=["wearable sensors", "biosignal processing"],
      lab_de="ein Sensorlabor mit Bewegungsanalyse",
      lab_en="a sensor lab with motion capture",
      kw_de=["Wearables", "Vitaldaten", "Sensorik"], kw_en=["wearables", "vital signs"]),
]
TOPIC = {t["key"]: t for t in TOPICS}

# --------------------------------------------------------------------------------------------
# Company building blocks: six sectors, each with several business lines. Every entry is a
# (German, English) pair. Products, machines and materials are plural or mass nouns without
# article so that they fit every sentence frame below.
# --------------------------------------------------------------------------------------------


def L(stems, products, caps, machines, materials, topics, kw, certs=None):
    return dict(stems=stems, products=products, caps=caps, machines=machines,
                materials=materials, topics=topics, kw=kw, certs=certs)


SECTORS = OrderedDict()
SECTORS["auto"] = dict(
    label=("Automobilzulieferer", "automotive supplier"),
    kw=("Automotive", "automotive"),
    certs=["IATF 16949", "ISO 9001", "ISO 14001", "ISO 50001"],
    customers=[("Automobilhersteller", "car manufacturers"), ("Tier-1-Zulieferer", "tier-1 suppliers"),
               ("Nutzfahrzeughersteller", "commercial vehicle manufacturers"),
               ("Landmaschinenhersteller", "agricultural machinery manufacturers"),
               ("Hersteller von Elektrofahrzeugen", "electric vehicle makers")],
    offers=[("Wir bieten freie Kapazitäten für Prototypen und Kleinserien.", "We offer free capacity for prototypes and small series."),
            ("Für Forschungsprojekte stellen wir Serienbauteile, Prozessdaten und Versuchszeit zur Verfügung.",
             "For research projects we provide series parts, process data and trial time."),
            ("Wir betreuen Praxissemester und Abschlussarbeiten in Konstruktion und Fertigung.",
             "We supervise internships and theses in design and production."),
            ("Unsere Erfahrung mit Serienanläufen nach IATF 16949 teilen wir gern mit Start-ups.",
             "We are happy to share our experience with IATF 16949 series launches with start-ups.")],
    lines=[
        L(["Stanztechnik", "Stanz- und Biegetechnik", "Umformtechnik", "Metallwaren"],
          [("Stanzbiegeteile für Bordnetze", "stamped and bent parts for wiring systems"),
           ("Sitzstrukturen und Sitzversteller", "seat structures and recliners"),
           ("Karosserie-Strukturteile", "body-in-white parts"),
           ("Hitzeschutzbleche für Abgasanlagen", "heat shields for exhaust systems")],
          [("Stanzen auf Folgeverbundwerkzeugen", "stamping on progressive dies"), ("Tiefziehen", "deep drawing"),
           ("eigener Werkzeugbau", "in-house toolmaking"), ("Baugruppenmontage mit Roboterschweißen", "sub-assembly with robot welding")],
          [("Servopressen bis 800 t", "servo presses up to 800 t"), ("Transferpressen", "transfer presses"),
           ("Schweißroboterzellen", "robotic welding cells")],
          [("hochfeste Stähle", "high-strength steels"), ("Aluminiumbleche", "aluminium sheet"), ("Kupferlegierungen", "copper alloys")],
          ["umformtechnik", "leichtbau", "werkstoff", "ml_qualitaet", "schweiss", "emobility", "co2neutral"],
          [("Stanztechnik", "stamping"), ("Umformen", "forming")]),
        L(["Kaltfließpresstechnik", "Verbindungstechnik", "Präzisionsteile", "Schraubenwerk"],
          [("kaltfließgepresste Verbindungselemente", "cold-formed fasteners"), ("Hochvolt-Stromschienen", "high-voltage busbars"),
           ("Präzisionsbolzen für Lenkungen", "precision pins for steering systems")],
          [("Kaltfließpressen", "cold forging"), ("Gewinderollen", "thread rolling"), ("Wärmebehandlung", "heat treatment"),
           ("galvanische Beschichtung", "electroplating")],
          [("Mehrstufenpressen", "multi-stage formers"), ("Gewindewalzmaschinen", "thread rolling machines"), ("Durchlauföfen", "continuous furnaces")],
          [("Vergütungsstahl", "quenched and tempered steel"), ("Kupfer", "copper"), ("Aluminium", "aluminium")],
          ["umformtechnik", "beschichtung", "werkstoff", "emobility", "co2neutral", "messtechnik", "ml_qualitaet"],
          [("Kaltfließpressen", "cold forging"), ("Verbindungselemente", "fasteners")]),
        L(["Leichtmetallguss", "Druckguss", "Gießerei", "Aluminiumtechnik"],
          [("Strukturbauteile aus Aluminium-Druckguss", "aluminium die-cast structural parts"),
           ("Gehäuse für Elektromotoren", "electric motor housings"), ("Getriebegehäuse", "transmission housings")],
          [("Aluminium-Druckguss", "aluminium die casting"), ("mechanische Bearbeitung", "machining"),
           ("Dichtheitsprüfung", "leak testing"), ("Imprägnierung", "impregnation")],
          [("Druckgießzellen von 800 bis 3.200 t", "die casting cells from 800 to 3,200 t"), ("Bearbeitungszentren", "machining centres"),
           ("Röntgenprüfanlagen", "X-ray inspection systems")],
          [("Aluminiumlegierungen", "aluminium alloys"), ("Magnesium", "magnesium")],
          ["druckguss", "emobility", "co2neutral", "energieeffizienz", "leichtbau", "messtechnik", "batterie_recycling"],
          [("Druckguss", "die casting"), ("Aluminium", "aluminium")]),
        L(["Fahrzeugelektronik", "Sensortechnik", "Kontakttechnik", "Lichtsysteme"],
          [("Sensorhalter für Fahrerassistenzsysteme", "sensor brackets for driver assistance systems"),
           ("Steckverbinder und Kontakte", "connectors and contacts"), ("Scheinwerferkomponenten", "headlamp components")],
          [("Kunststoff-Metall-Hybridtechnik", "plastic-metal hybrid technology"), ("Elektronikfertigung", "electronics manufacturing"),
           ("Reinraummontage", "clean-room assembly")],
          [("Spritzgießmaschinen mit Einlegetechnik", "insert moulding machines"), ("SMD-Bestückungslinien", "SMT assembly lines"),
           ("Laserschweißanlagen", "laser welding systems")],
          [("technische Kunststoffe", "engineering plastics"), ("Kupferlegierungen", "copper alloys")],
          ["lidar", "emobility", "ml_qualitaet", "spritzguss", "cpp", "klebtechnik", "industrie40"],
          [("Sensorik", "sensors"), ("Elektronik", "electronics")]),
        L(["Federntechnik", "Rohrtechnik", "Drahttechnik"],
          [("Druckfedern und Drahtbiegeteile", "compression springs and wire forms"),
           ("Bremsleitungen und Rohrbiegeteile", "brake lines and bent tubes"), ("Stabilisatoren", "stabiliser bars")],
          [("Federwinden", "spring coiling"), ("CNC-Rohrbiegen", "CNC tube bending"), ("Kugelstrahlen", "shot peening"),
           ("Pulverbeschichtung", "powder coating")],
          [("CNC-Federwindeautomaten", "CNC spring coilers"), ("Rohrbiegemaschinen", "tube benders")],
          [("Federstahldraht", "spring steel wire"), ("Edelstahlrohre", "stainless steel tubes")],
          ["werkstoff", "korrosion", "beschichtung", "pdm", "industrie40", "brennstoffzelle", "co2neutral"],
          [("Federn", "springs"), ("Rohrbiegen", "tube bending")]),
    ],
)
SECTORS["metall"] = dict(
    label=("Metall- und Maschinenbau", "metal and machine building"),
    kw=("Maschinenbau", "machine building"),
    certs=["ISO 9001", "ISO 14001", "ISO 50001", "DIN EN ISO 3834", "EN 1090"],
    customers=[("Stahl- und Walzwerke", "steel mills"), ("Chemie- und Prozessindustrie", "the chemical and process industry"),
               ("Energieversorger", "utilities"), ("Bauunternehmen", "construction companies"),
               ("Lebensmittelhersteller", "food producers"), ("Hersteller von Windenergieanlagen", "wind turbine manufacturers"),
               ("Maschinenbauer", "machine builders")],
    offers=[("Wir bieten Lohnfertigung und Prüfkapazitäten für Partner aus der Region.", "We offer contract manufacturing and testing capacity for regional partners."),
            ("Unsere Fertigung steht als Testumgebung für Pilotprojekte von Start-ups und Hochschulen offen.",
             "Our shop floor is open as a test environment for pilot projects by start-ups and universities."),
            ("Für Abschlussarbeiten bieten wir reale Aufgabenstellungen und Betreuung im Betrieb.",
             "We offer real-world topics and supervision for student theses."),
            ("Gern stellen wir Maschinendaten aus der laufenden Produktion für Forschungsprojekte bereit.",
             "We can provide machine data from ongoing production for research projects.")],
    lines=[
        L(["Sondermaschinenbau", "Maschinenbau", "Automation", "Anlagenbau"],
          [("Sondermaschinen für Montage und Prüfung", "special-purpose machines for assembly and testing"),
           ("verkettete Fertigungsanlagen", "linked production lines"), ("Fördertechnik", "conveyor systems")],
          [("Konstruktion", "mechanical design"), ("Steuerungstechnik und SPS-Programmierung", "controls and PLC programming"),
           ("Inbetriebnahme weltweit", "worldwide commissioning"), ("Integration von Robotern", "robot integration")],
          [("Bearbeitungszentren", "machining centres"), ("Montagehallen mit Kranbahnen bis 20 t", "assembly halls with cranes up to 20 t")],
          [("Baustahl", "structural steel"), ("Aluminiumprofile", "aluminium profiles")],
          ["digital_twin", "cpp", "robotik_ki", "industrie40", "cybersec", "intralogistik", "ml_qualitaet"],
          [("Sondermaschinenbau", "special-purpose machinery"), ("Automatisierung", "automation")]),
        L(["Gesenkschmiede", "Schmiedetechnik", "Härterei", "Wärmebehandlung"],
          [("Schmiedeteile für Getriebe und Hydraulik", "forgings for gearboxes and hydraulics"),
           ("gehärtete Präzisionsbauteile", "hardened precision parts"), ("Flansche und Ringe", "flanges and rings")],
          [("Gesenkschmieden", "closed-die forging"), ("Einsatzhärten und Nitrieren", "case hardening and nitriding"),
           ("Werkstoffprüfung im eigenen Labor", "in-house materials testing")],
          [("Schmiedepressen bis 2.500 t", "forging presses up to 2,500 t"), ("Härteöfen", "hardening furnaces"),
           ("Induktionsanlagen", "induction heating systems")],
          [("Vergütungsstahl", "quenched and tempered steel"), ("Einsatzstahl", "case-hardening steel"), ("Werkzeugstahl", "tool steel")],
          ["werkstoff", "energieeffizienz", "co2neutral", "wasserstoff", "umformtechnik", "pdm", "beschichtung"],
          [("Schmieden", "forging"), ("Wärmebehandlung", "heat treatment")]),
        L(["Armaturen", "Ventiltechnik", "Hydraulik", "Fluidtechnik", "Pumpenbau"],
          [("Industriearmaturen und Ventile", "industrial valves"), ("Hydraulikzylinder", "hydraulic cylinders"),
           ("Pumpen für die Prozessindustrie", "pumps for the process industry")],
          [("CNC-Drehen und -Fräsen", "CNC turning and milling"), ("Druckprüfung", "pressure testing"), ("Dichtungstechnik", "sealing technology")],
          [("Dreh-Fräszentren", "turn-mill centres"), ("Prüfstände bis 400 bar", "test benches up to 400 bar")],
          [("Edelstahl", "stainless steel"), ("Duplexstahl", "duplex steel"), ("Messing", "brass")],
          ["wasserstoff", "werkstoff", "pdm", "druck3d", "zerspanung", "messtechnik", "digital_twin"],
          [("Armaturen", "valves"), ("Hydraulik", "hydraulics")]),
        L(["Stahlbau", "Metallbau", "Verzinkerei", "Stahl- und Anlagenbau"],
          [("Stahlkonstruktionen für Hallen und Brücken", "steel structures for halls and bridges"),
           ("feuerverzinkte Bauteile", "hot-dip galvanised components"), ("Treppen und Geländer", "stairs and railings")],
          [("Schweißen nach DIN EN ISO 3834", "welding to ISO 3834"), ("Feuerverzinkung", "hot-dip galvanising"),
           ("Montage auf der Baustelle", "on-site erection")],
          [("Brennschneidanlagen", "thermal cutting systems"), ("Zinkkessel bis 14 m Länge", "galvanising kettles up to 14 m long"),
           ("Schweißroboter", "welding robots")],
          [("Baustahl", "structural steel"), ("Edelstahl", "stainless steel")],
          ["schweiss", "korrosion", "co2neutral", "energieeffizienz", "bim", "robotik_ki"],
          [("Stahlbau", "steel construction"), ("Verzinkung", "galvanising")]),
        L(["Zerspanungstechnik", "Präzisionsmechanik", "Drehteile", "CNC-Technik"],
          [("Präzisionsdrehteile", "precision turned parts"), ("Frästeile für den Maschinenbau", "milled parts for machine builders"),
           ("Spindeln und Wellen", "spindles and shafts")],
          [("Langdrehen", "Swiss-type turning"), ("5-Achs-Fräsen", "5-axis milling"), ("Schleifen", "grinding"), ("Messtechnik", "metrology")],
          [("Langdrehautomaten", "sliding-head lathes"), ("5-Achs-Bearbeitungszentren", "5-axis machining centres"),
           ("Koordinatenmessmaschinen", "coordinate measuring machines")],
          [("Automatenstahl", "free-cutting steel"), ("Titan", "titanium"), ("Edelstahl", "stainless steel")],
          ["zerspanung", "pdm", "messtechnik", "industrie40", "ml_qualitaet", "druck3d", "intralogistik"],
          [("Zerspanung", "machining"), ("CNC", "CNC")]),
        L(["Drahtwerk", "Drahtzieherei", "Kaltwalzwerk"],
          [("Draht und Drahterzeugnisse", "wire and wire products"), ("kaltgewalzte Bandstähle", "cold-rolled steel strip")],
          [("Drahtziehen", "wire drawing"), ("Kaltwalzen", "cold rolling"), ("Glühen unter Schutzgas", "protective-gas annealing")],
          [("Ziehmaschinen", "drawing machines"), ("Haubenglühöfen", "bell annealing furnaces")],
          [("Kohlenstoffstahl", "carbon steel"), ("Edelstahl", "stainless steel")],
          ["energieeffizienz", "co2neutral", "wasserstoff", "pdm", "beschichtung", "werkstoff"],
          [("Draht", "wire"), ("Kaltwalzen", "cold rolling")]),
    ],
)
SECTORS["gebaeude"] = dict(
    label=("Gebäudetechnik", "building technology"),
    kw=("Gebäudetechnik", "building technology"),
    certs=["ISO 9001", "ISO 14001", "ISO 50001"],
    customers=[("Handwerksbetriebe", "installers"), ("Wohnungsbaugesellschaften", "housing companies"),
               ("Kommunen", "municipalities"), ("den Großhandel", "wholesalers"), ("Generalunternehmer", "general contractors")],
    offers=[("Wir bieten Pilotanwendungen in realen Gebäuden und Zugang zu unseren Installateuren.",
             "We offer pilot sites in real buildings and access to our installer network."),
            ("Für Forschungsprojekte stellen wir Geräte, Messdaten und Prüfstände bereit.",
             "For research projects we provide devices, field data and test rigs."),
            ("Wir betreuen Abschlussarbeiten in Entwicklung, Fertigung und Vertrieb.", "We supervise theses in development, production and sales.")],
    lines=[
        L(["Gebäudetechnik", "Klimatechnik", "Lüftungstechnik", "Heiztechnik", "Wärmetechnik"],
          [("Heizungs- und Lüftungsanlagen", "heating and ventilation systems"), ("Wärmepumpen für Mehrfamilienhäuser", "heat pumps for apartment buildings"),
           ("Lüftungsgeräte mit Wärmerückgewinnung", "ventilation units with heat recovery")],
          [("Blechbearbeitung", "sheet metal working"), ("Kältetechnik", "refrigeration engineering"), ("Regelungstechnik", "control engineering"),
           ("Kundendienst und Fernwartung", "service and remote maintenance")],
          [("Abkantpressen", "press brakes"), ("Prüfstände für Wärmepumpen", "heat pump test rigs")],
          [("verzinkte Stahlbleche", "galvanised steel sheet"), ("Kupferrohre", "copper pipes")],
          ["gebaeudetechnik", "energie_gebaeude", "cpp", "digital_twin", "co2neutral", "cybersec"],
          [("Heizung", "heating"), ("Lüftung", "ventilation")], certs=["ISO 9001", "ISO 14001", "Eurovent"]),
        L(["Elektrotechnik", "Lichttechnik", "Leuchtenbau", "Installationstechnik", "Schaltertechnik"],
          [("Leuchten für Büro und Industrie", "luminaires for offices and industry"), ("Schalter und Steckdosen", "switches and sockets"),
           ("Steuerungen für die Gebäudeautomation", "building automation controllers")],
          [("Elektronikentwicklung", "electronics development"), ("Kunststoffspritzguss", "plastic injection moulding"),
           ("Pulverbeschichtung", "powder coating"), ("Lichtplanung", "lighting design")],
          [("SMD-Bestückungslinien", "SMT assembly lines"), ("Spritzgießmaschinen", "injection moulding machines")],
          [("Aluminiumprofile", "aluminium profiles"), ("Polycarbonat", "polycarbonate")],
          ["gebaeudetechnik", "cpp", "cybersec", "industrie40", "rezyklat", "spritzguss"],
          [("Elektrotechnik", "electrical engineering"), ("Gebäudeautomation", "building automation")], certs=["ISO 9001", "ENEC", "ISO 14001"]),
        L(["Sanitärtechnik", "Armaturenwerk", "Rohrsysteme"],
          [("Sanitärarmaturen", "sanitary fittings"), ("Rohrsysteme für Trinkwasser", "drinking water pipe systems"), ("Duschsysteme", "shower systems")],
          [("Messingguss", "brass casting"), ("Galvanik", "electroplating"), ("Montage", "assembly")],
          [("Gießanlagen", "casting lines"), ("Galvanikanlagen", "electroplating lines")],
          [("Messing", "brass"), ("Kunststoffrohre", "plastic pipes")],
          ["beschichtung", "werkstoff", "rezyklat", "gebaeudetechnik", "co2neutral"],
          [("Sanitär", "sanitary"), ("Trinkwasser", "drinking water")], certs=["ISO 9001", "DVGW"]),
        L(["Fassadentechnik", "Fensterbau", "Bauelemente", "Metallbau"],
          [("Fassadensysteme aus Aluminium", "aluminium façade systems"), ("Fenster und Türen", "windows and doors"),
           ("Sonnenschutzsysteme", "solar shading systems")],
          [("Profilbearbeitung", "profile machining"), ("Glasverarbeitung", "glass processing"), ("Montage", "installation")],
          [("Profilbearbeitungszentren", "profile machining centres"), ("Isolierglaslinien", "insulating glass lines")],
          [("Aluminium", "aluminium"), ("Glas", "glass"), ("Holz", "timber")],
          ["bim", "gebaeudetechnik", "klebtechnik", "co2neutral", "korrosion"],
          [("Fassade", "façade"), ("Fenster", "windows")]),
        L(["Baustoffe", "Asphaltwerke", "Tiefbau", "Straßenbau", "Steinbruch"],
          [("Asphaltmischgut", "asphalt mixes"), ("Gesteinskörnungen aus eigenem Steinbruch", "aggregates from our own quarry"),
           ("Recyclingbaustoffe", "recycled construction materials")],
          [("Straßen- und Tiefbau", "road and civil engineering"), ("Baustoffprüfung", "materials testing"),
           ("Recycling von Bauschutt", "recycling of demolition waste")],
          [("Asphaltmischanlagen", "asphalt mixing plants"), ("Brech- und Siebanlagen", "crushing and screening plants")],
          [("Kalkstein", "limestone"), ("Grauwacke", "greywacke"), ("Recycling-Asphalt", "reclaimed asphalt")],
          ["strassenbau", "co2neutral", "energieeffizienz", "bim"],
          [("Straßenbau", "road construction"), ("Baustoffe", "construction materials")], certs=["ISO 9001", "ISO 14001"]),
    ],
)
SECTORS["kunststoff"] = dict(
    label=("Kunststoff und Werkstoffe", "plastics and materials"),
    kw=("Kunststofftechnik", "plastics"),
    certs=["ISO 9001", "IATF 16949", "ISO 14001", "ISO 50001"],
    customers=[("Automobilzulieferer", "automotive suppliers"), ("Hersteller von Elektrotechnik", "electrical equipment makers"),
               ("Medizintechnikhersteller", "medical device makers"), ("Haushaltsgerätehersteller", "household appliance makers"),
               ("Bauunternehmen", "construction companies")],
    offers=[("Wir bieten Versuchszeit auf unseren Anlagen und Musterteile für Forschungsprojekte.",
             "We offer trial time on our lines and sample parts for research projects."),
            ("Gern geben wir Erfahrung in Materialauswahl und Serienfertigung an Start-ups weiter.",
             "We are happy to share our experience in material selection and series production with start-ups."),
            ("Wir betreuen Praktika und Abschlussarbeiten in der Kunststofftechnik.", "We supervise internships and theses in plastics engineering.")],
    lines=[
        L(["Kunststofftechnik", "Kunststoffspritzguss", "Spritzgusstechnik", "Kunststoffwerk"],
          [("technische Spritzgussteile", "technical injection-moulded parts"), ("Gehäuse für Elektronik", "electronics housings"),
           ("Zweikomponenten-Bauteile", "two-component parts")],
          [("Kunststoffspritzguss", "plastic injection moulding"), ("Werkzeugbau", "toolmaking"), ("Ultraschallschweißen", "ultrasonic welding"),
           ("Montage", "assembly")],
          [("Spritzgießmaschinen von 25 bis 650 t", "injection moulding machines from 25 to 650 t"), ("Handlingroboter", "handling robots")],
          [("Polyamid", "polyamide"), ("Polypropylen", "polypropylene"), ("Polycarbonat", "polycarbonate")],
          ["spritzguss", "rezyklat", "ml_qualitaet", "pdm", "energieeffizienz", "druck3d"],
          [("Spritzguss", "injection moulding"), ("Kunststoff", "plastics")]),
        L(["Extrusionstechnik", "Profiltechnik", "Folienwerk", "Schlauchtechnik"],
          [("Kunststoffprofile", "plastic profiles"), ("Folien für Verpackung und Landwirtschaft", "films for packaging and agriculture"),
           ("Schläuche", "hoses")],
          [("Extrusion", "extrusion"), ("Coextrusion", "co-extrusion"), ("Compoundierung", "compounding")],
          [("Extrusionslinien", "extrusion lines"), ("Compounder", "compounders")],
          [("PVC", "PVC"), ("Polyethylen", "polyethylene"), ("Rezyklat", "recycled plastics")],
          ["rezyklat", "co2neutral", "energieeffizienz", "werkstoff", "ml_qualitaet"],
          [("Extrusion", "extrusion"), ("Folien", "films")]),
        L(["Composite-Technik", "Faserverbundtechnik", "Leichtbautechnik"],
          [("Bauteile aus GFK und CFK", "GFRP and CFRP components"), ("Behälter und Rohre aus Faserverbund", "composite tanks and pipes")],
          [("Wickeln", "filament winding"), ("Pultrusion", "pultrusion"), ("RTM-Verfahren", "resin transfer moulding")],
          [("Wickelmaschinen", "winding machines"), ("Heizpressen", "heated presses")],
          [("Glasfasern", "glass fibres"), ("Kohlenstofffasern", "carbon fibres"), ("Epoxidharze", "epoxy resins")],
          ["leichtbau", "wasserstoff", "werkstoff", "klebtechnik", "druck3d"],
          [("Faserverbund", "composites"), ("GFK", "GFRP")]),
        L(["Oberflächentechnik", "Galvanotechnik", "Beschichtungstechnik", "Lackiertechnik"],
          [("galvanische Beschichtungen", "electroplated coatings"), ("Lackierungen für Kunststoffteile", "paint finishes for plastic parts")],
          [("Galvanisieren von Kunststoff", "plating on plastics"), ("Lackieren", "painting"), ("Laserbeschriftung", "laser marking")],
          [("Galvanikautomaten", "automated plating lines"), ("Lackierroboter", "painting robots")],
          [("ABS", "ABS"), ("Nickel und Chrom", "nickel and chromium")],
          ["beschichtung", "co2neutral", "korrosion", "energieeffizienz", "werkstoff"],
          [("Galvanik", "electroplating"), ("Lackierung", "painting")]),
        L(["Sintertechnik", "Pulvermetallurgie", "Keramik"],
          [("Sinterformteile", "sintered parts"), ("technische Keramik", "technical ceramics")],
          [("Pressen und Sintern", "pressing and sintering"), ("Metallpulverspritzguss", "metal injection moulding")],
          [("Sinteröfen", "sintering furnaces"), ("Pulverpressen", "powder presses")],
          [("Metallpulver", "metal powders"), ("Aluminiumoxid", "alumina")],
          ["werkstoff", "druck3d", "wasserstoff", "energieeffizienz", "brennstoffzelle"],
          [("Pulvermetallurgie", "powder metallurgy"), ("Keramik", "ceramics")]),
    ],
)
SECTORS["medtech"] = dict(
    label=("Gesundheit und Medizintechnik", "health and medical technology"),
    kw=("Medizintechnik", "medical technology"),
    certs=["ISO 13485", "ISO 9001", "ISO 14001"],
    customers=[("Kliniken", "hospitals"), ("Sanitätshäuser", "medical supply stores"), ("Medizintechnikhersteller", "medical device manufacturers"),
               ("Labore", "laboratories"), ("Pflegeeinrichtungen", "care homes")],
    offers=[("Wir bieten Erfahrung mit Zulassungsprozessen und Zugang zu Anwendern in Kliniken und Pflege.",
             "We offer experience with approval processes and access to users in hospitals and care."),
            ("Für Start-ups übernehmen wir Fertigung und Montage unter Reinraumbedingungen.",
             "For start-ups we take over production and assembly under clean-room conditions."),
            ("Wir betreuen Abschlussarbeiten in Medizintechnik und Qualitätsmanagement.",
             "We supervise theses in medical engineering and quality management.")],
    lines=[
        L(["Medizintechnik", "Chirurgietechnik", "Instrumentenbau"],
          [("chirurgische Instrumente", "surgical instruments"), ("Instrumente für die minimalinvasive Chirurgie", "instruments for minimally invasive surgery")],
          [("Feinmechanik", "precision mechanics"), ("Laserschweißen", "laser welding"), ("Reinigung und Sterilverpackung", "cleaning and sterile packaging")],
          [("Mikrofräszentren", "micro-milling centres"), ("Laseranlagen", "laser systems")],
          [("Instrumentenstahl", "instrument steel"), ("Titan", "titanium")],
          ["medtech_zulassung", "zerspanung", "beschichtung", "ml_qualitaet", "druck3d"],
          [("Instrumente", "surgical instruments"), ("Chirurgie", "surgery")]),
        L(["Orthopädietechnik", "Implantattechnik", "Medical"],
          [("Implantate für Wirbelsäule und Unfallchirurgie", "spinal and trauma implants"), ("Orthesen und Prothesen", "orthoses and prostheses")],
          [("5-Achs-Bearbeitung von Titan", "5-axis machining of titanium"), ("Anodisieren", "anodising"), ("Reinraummontage", "clean-room assembly")],
          [("Reinräume der Klasse ISO 7", "ISO class 7 clean rooms"), ("5-Achs-Bearbeitungszentren", "5-axis machining centres")],
          [("Titan", "titanium"), ("PEEK", "PEEK"), ("Kobalt-Chrom", "cobalt-chromium")],
          ["implantat", "medtech_zulassung", "druck3d", "zerspanung", "werkstoff"],
          [("Implantate", "implants"), ("Orthopädie", "orthopaedics")]),
        L(["Rehatechnik", "Pflegetechnik", "Medizinprodukte"],
          [("Pflegebetten", "care beds"), ("Rollstühle und Mobilitätshilfen", "wheelchairs and mobility aids"), ("Patientenlifter", "patient lifts")],
          [("Rohrbiegen und Schweißen", "tube bending and welding"), ("Integration von Elektronik", "electronics integration"),
           ("Service für Sanitätshäuser", "service for medical supply stores")],
          [("Rohrbiegemaschinen", "tube benders"), ("Pulverbeschichtungsanlagen", "powder coating lines")],
          [("Aluminium", "aluminium"), ("Stahlrohr", "steel tube")],
          ["medtech_sensor", "medtech_zulassung", "cpp", "leichtbau", "cybersec"],
          [("Pflege", "care"), ("Reha", "rehabilitation")]),
        L(["Medizinkunststoffe", "Medical Plastics", "Einmalprodukte"],
          [("Einmalprodukte für Labor und Klinik", "disposables for laboratories and hospitals"), ("Katheter und Schlauchsets", "catheters and tubing sets")],
          [("Spritzguss im Reinraum", "clean-room injection moulding"), ("Extrusion medizinischer Schläuche", "extrusion of medical tubing"),
           ("Sterilisation", "sterilisation")],
          [("vollelektrische Spritzgießmaschinen im Reinraum", "all-electric injection moulding machines in clean rooms")],
          [("Polypropylen", "polypropylene"), ("Silikon", "silicone"), ("TPE", "TPE")],
          ["spritzguss", "medtech_zulassung", "rezyklat", "ml_qualitaet"],
          [("Reinraum", "clean room"), ("Einmalprodukte", "disposables")]),
        L(["Medizinelektronik", "Diagnostiksysteme", "Labortechnik"],
          [("Messgeräte für die Patientenüberwachung", "patient monitoring devices"), ("Laborgeräte", "laboratory instruments")],
          [("Elektronikentwicklung", "electronics development"), ("Softwareentwicklung nach IEC 62304", "software development to IEC 62304"),
           ("Gerätemontage", "device assembly")],
          [("SMD-Bestückungslinien", "SMT lines"), ("Prüfplätze für Medizingeräte", "test stations for medical devices")],
          [("Leiterplatten", "printed circuit boards"), ("Kunststoffgehäuse", "plastic housings")],
          ["medtech_sensor", "cpp", "cybersec", "medtech_zulassung", "ml_qualitaet"],
          [("Medizinelektronik", "medical electronics"), ("Diagnostik", "diagnostics")]),
    ],
)
SECTORS["holz"] = dict(
    label=("Holz und Möbel", "wood and furniture"),
    kw=("Holz", "wood"),
    certs=["PEFC", "FSC", "ISO 9001", "ISO 14001"],
    customers=[("Möbelhäuser", "furniture stores"), ("Bauträger", "property developers"), ("Architekturbüros", "architects"),
               ("Schreinereien", "joinery workshops"), ("Hotels", "hotels")],
    offers=[("Wir bieten Versuchsflächen in unserer Fertigung und Holz für Prüfkörper.", "We offer trial slots in our production and timber for test specimens."),
            ("Gern teilen wir Erfahrung in Holzbearbeitung und Logistik mit Start-ups.", "We are happy to share our experience in wood processing and logistics with start-ups."),
            ("Wir betreuen Abschlussarbeiten in Holztechnik und Betriebswirtschaft.", "We supervise theses in wood technology and business administration.")],
    lines=[
        L(["Möbelwerkstätten", "Möbelwerke", "Küchenbau", "Objekteinrichtung", "Innenausbau"],
          [("Büromöbel", "office furniture"), ("Küchen und Einbaumöbel", "kitchens and fitted furniture"),
           ("Objektmöbel für Hotels und Schulen", "contract furniture for hotels and schools")],
          [("CNC-Bearbeitung", "CNC machining"), ("Kantenbearbeitung", "edge banding"), ("Oberflächenlackierung", "surface finishing"),
           ("Montage beim Kunden", "on-site installation")],
          [("CNC-Bearbeitungszentren", "CNC machining centres"), ("Kantenanleimmaschinen", "edge banders"), ("Lackierstraßen", "finishing lines")],
          [("Spanplatten", "particle board"), ("Massivholz", "solid wood"), ("MDF", "MDF")],
          ["moebel_digital", "holzwerkstoffe", "industrie40", "robotik_ki", "co2neutral", "klebtechnik"],
          [("Möbel", "furniture"), ("Innenausbau", "interior fit-out")]),
        L(["Holzbau", "Sägewerk", "Holzindustrie", "Zimmerei"],
          [("Brettschichtholz", "glued laminated timber"), ("Holzrahmenbauelemente", "timber frame elements"),
           ("Schnittholz aus Fichte und Buche", "sawn spruce and beech")],
          [("Abbund mit CNC", "CNC joinery"), ("Holztrocknung", "timber drying"), ("Vorfertigung von Wand- und Dachelementen", "prefabrication of wall and roof elements")],
          [("Abbundanlagen", "joinery machines"), ("Trockenkammern", "drying kilns"), ("Keilzinkenanlagen", "finger-jointing lines")],
          [("Fichte", "spruce"), ("Buche", "beech"), ("Douglasie", "Douglas fir")],
          ["holzwerkstoffe", "bim", "co2neutral", "ml_qualitaet", "energieeffizienz"],
          [("Holzbau", "timber construction"), ("Vorfertigung", "prefabrication")]),
        L(["Holzwerkstoffe", "Plattenwerk", "Furnierwerk"],
          [("Spanplatten und MDF", "particle board and MDF"), ("Furniere", "veneers"), ("Akustikplatten", "acoustic panels")],
          [("Plattenpressen", "panel pressing"), ("Beschichten mit Dekorpapier", "decor paper lamination"), ("Zuschnitt", "cutting to size")],
          [("kontinuierliche Pressen", "continuous presses"), ("Schleifstraßen", "sanding lines")],
          [("Holzspäne", "wood chips"), ("Altholz", "recovered wood"), ("Leim", "glue")],
          ["holzwerkstoffe", "co2neutral", "energieeffizienz", "ml_qualitaet", "pdm"],
          [("Holzwerkstoffe", "wood-based panels"), ("Platten", "panels")]),
        L(["Fensterbau", "Türenwerk", "Treppenbau"],
          [("Holzfenster", "timber windows"), ("Innentüren", "interior doors"), ("Holztreppen", "timber staircases")],
          [("CNC-Fertigung", "CNC production"), ("Lackierung", "finishing"), ("Montage", "installation")],
          [("Fensterbearbeitungszentren", "window machining centres"), ("Lackierroboter", "painting robots")],
          [("Eiche", "oak"), ("Lärche", "larch")],
          ["moebel_digital", "bim", "holzwerkstoffe", "klebtechnik", "industrie40"],
          [("Fenster", "windows"), ("Türen", "doors")]),
    ],
)

# --------------------------------------------------------------------------------------------
# Research: universities (fictional), research-group archetypes, institutes.
# --------------------------------------------------------------------------------------------

# key: (name, dative form "der ...", type, [(campus city)], lang share en)
INSTITUTIONS = OrderedDict(
    [
        ("usi", dict(name="Universität Siegerland", dat="der Universität Siegerland", typ="uni", cities=["Siegen"])),
        ("hsh", dict(name="Hochschule Sauerland-Hellweg", dat="der Hochschule Sauerland-Hellweg", typ="uas",
                     cities=["Iserlohn", "Meschede", "Soest", "Lüdenscheid", "Hagen"])),
        ("twr", dict(name="Technische Universität Westfalen-Ruhr", dat="der Technischen Universität Westfalen-Ruhr", typ="uni", cities=["Dortmund"])),
        ("rub", dict(name="Ruhrtal-Universität Bochum", dat="der Ruhrtal-Universität Bochum", typ="uni", cities=["Bochum"])),
        ("upl", dict(name="Universität Paderborner Land", dat="der Universität Paderborner Land", typ="uni", cities=["Paderborn"])),
        ("hta", dict(name="Hogeschool Twente-Achterhoek", dat="der Hogeschool Twente-Achterhoek", typ="uas", cities=["Enschede"])),
    ]
)

# (field_de, field_en, topics, focus_de, focus_en); {S} = subject ("Der Lehrstuhl", "The chair")
ARCHETYPES = [
    ("Leichtbau und Faserverbundtechnik", "Lightweight Design and Composites", ["leichtbau", "klebtechnik", "werkstoff"],
     "{S} entwickelt Bauweisen, die Gewicht sparen, und verbindet dabei Faserverbund mit Metall.",
     "{S} develops weight-saving designs that combine composites with metals."),
    ("Wasserstoff- und Energiesystemtechnik", "Hydrogen and Energy Systems", ["wasserstoff", "brennstoffzelle", "co2neutral"],
     "{S} untersucht, wie Wasserstoff in Industrie und Verkehr erzeugt, gespeichert und genutzt werden kann.",
     "{S} investigates how hydrogen can be produced, stored and used in industry and transport."),
    ("Elektrochemische Energiewandlung", "Electrochemical Energy Conversion", ["brennstoffzelle", "wasserstoff", "batterie_recycling"],
     "{S} forscht an Elektrolyse, Brennstoffzelle und Batterie, vom Material bis zur Zelle.",
     "{S} works on electrolysis, fuel cells and batteries, from materials to cells."),
    ("Werkstoffkunde", "Materials Science and Engineering", ["werkstoff", "korrosion", "druck3d"],
     "{S} verbindet Grundlagenforschung zu metallischen Werkstoffen mit Prüfaufträgen aus der Industrie.",
     "{S} combines fundamental research on metallic materials with testing for industry."),
    ("Oberflächentechnik", "Surface Engineering", ["beschichtung", "korrosion", "klebtechnik"],
     "{S} entwickelt funktionale Schichten gegen Verschleiß, Reibung und Korrosion.",
     "{S} develops functional layers against wear, friction and corrosion."),
    ("Gebäude- und Energietechnik", "Building Services and Energy Engineering", ["gebaeudetechnik", "energie_gebaeude", "co2neutral"],
     "{S} beschäftigt sich mit Heizung, Lüftung und Regelung in Wohn- und Nichtwohngebäuden.",
     "{S} works on heating, ventilation and controls in residential and commercial buildings."),
    ("Kunststofftechnik", "Plastics Engineering", ["spritzguss", "rezyklat", "leichtbau"],
     "{S} erforscht die Verarbeitung technischer Kunststoffe und den Einsatz von Rezyklaten.",
     "{S} researches the processing of engineering plastics and the use of recycled material."),
    ("Fügetechnik", "Joining Technology", ["schweiss", "klebtechnik"],
     "{S} deckt das Fügen von Stahl, Aluminium und Mischverbindungen ab, vom Schweißen bis zum Kleben.",
     "{S} covers joining of steel, aluminium and mixed materials, from welding to adhesive bonding."),
    ("Verkehrswegebau", "Road and Pavement Engineering", ["strassenbau", "co2neutral"],
     "{S} arbeitet an langlebigen und ressourcenschonenden Straßen.",
     "{S} works on durable and resource-efficient pavements."),
    ("Produktionssysteme", "Production Systems", ["industrie40", "digital_twin", "intralogistik"],
     "{S} gestaltet vernetzte Fabriken und begleitet Mittelständler bei der Digitalisierung.",
     "{S} designs connected factories and helps SMEs with digitalisation."),
    ("Additive Fertigung", "Additive Manufacturing", ["druck3d", "werkstoff", "implantat"],
     "{S} qualifiziert additive Verfahren für Serienbauteile aus Metall und Kunststoff.",
     "{S} qualifies additive processes for series parts in metal and polymer."),
    ("Eingebettete Systeme", "Embedded Systems", ["cpp", "cybersec", "pdm"],
     "{S} entwickelt zuverlässige Software für Steuerungen, Sensoren und vernetzte Geräte.",
     "{S} develops dependable software for controllers, sensors and connected devices."),
    ("Nachhaltige Produktion", "Sustainable Manufacturing", ["co2neutral", "energieeffizienz", "batterie_recycling"],
     "{S} hilft Industriebetrieben, Energie und Material einzusparen und Emissionen zu senken.",
     "{S} helps manufacturers save energy and material and cut emissions."),
    ("Maschinelles Lernen in der Produktion", "Machine Learning for Manufacturing", ["ml_qualitaet", "pdm", "robotik_ki"],
     "{S} bringt Methoden des Machine Learning aus dem Labor in die Fabrikhalle.",
     "{S} brings machine learning from the lab to the factory floor."),
    ("Robotik und autonome Systeme", "Robotics and Autonomous Systems", ["robotik_ki", "lidar", "intralogistik"],
     "{S} erforscht Roboter, die ihre Umgebung wahrnehmen und sicher mit Menschen zusammenarbeiten.",
     "{S} researches robots that perceive their environment and work safely alongside people."),
    ("Fahrzeugsensorik", "Automotive Sensing", ["lidar", "emobility"],
     "{S} arbeitet an Sensoren und Elektronik für das automatisierte und elektrische Fahren.",
     "{S} works on sensors and electronics for automated and electric driving."),
    ("Umformtechnik", "Metal Forming", ["umformtechnik", "leichtbau", "digital_twin"],
     "{S} entwickelt Umformprozesse für Blech und Massivteile und bildet sie digital ab.",
     "{S} develops sheet and bulk forming processes and models them digitally."),
    ("Spanende Fertigung", "Machining Technology", ["zerspanung", "messtechnik", "pdm"],
     "{S} optimiert Dreh-, Fräs- und Schleifprozesse für Präzisionsbauteile.",
     "{S} optimises turning, milling and grinding for precision parts."),
    ("Elektrische Antriebe", "Electrical Drives", ["emobility", "pdm"],
     "{S} entwickelt effiziente elektrische Maschinen und deren Überwachung im Betrieb.",
     "{S} develops efficient electrical machines and their condition monitoring."),
    ("Medizintechnik", "Biomedical Engineering", ["medtech_zulassung", "implantat", "medtech_sensor"],
     "{S} begleitet Medizinprodukte von der Idee bis zur klinischen Anwendung.",
     "{S} takes medical devices from the idea to clinical use."),
    ("Holztechnik", "Wood Technology", ["holzwerkstoffe", "moebel_digital", "klebtechnik"],
     "{S} arbeitet an neuen Produkten aus Holz und an der Digitalisierung der Möbelfertigung.",
     "{S} works on new wood products and on digitalising furniture production."),
    ("Bauinformatik", "Construction Informatics", ["bim", "digital_twin", "gebaeudetechnik"],
     "{S} verbindet Planung, Bau und Betrieb von Gebäuden über digitale Modelle.",
     "{S} connects design, construction and operation of buildings through digital models."),
    ("Fertigungsmesstechnik", "Production Metrology", ["messtechnik", "ml_qualitaet"],
     "{S} entwickelt Mess- und Prüfverfahren, die direkt in der Fertigungslinie arbeiten.",
     "{S} develops measurement and inspection methods that work directly on the production line."),
    ("Gießereitechnik", "Foundry Technology", ["druckguss", "werkstoff", "co2neutral"],
     "{S} forscht zu Gießprozessen, Legierungen und einer energieeffizienten Gießerei.",
     "{S} researches casting processes, alloys and energy-efficient foundries."),
    ("Industrielle IT-Sicherheit", "Industrial IT Security", ["cybersec", "industrie40"],
     "{S} untersucht Angriffe auf vernetzte Produktionsanlagen und entwickelt Schutzkonzepte.",
     "{S} studies attacks on connected production systems and develops countermeasures."),
    ("Mechatronik", "Mechatronics", ["cpp", "digital_twin", "robotik_ki"],
     "{S} verbindet Mechanik, Elektronik und Software zu intelligenten Maschinen.",
     "{S} combines mechanics, electronics and software into intelligent machines."),
    ("Recyclingtechnik", "Recycling Technology", ["batterie_recycling", "rezyklat"],
     "{S} entwickelt Verfahren, um Metalle und Kunststoffe im Kreislauf zu führen.",
     "{S} develops processes to keep metals and plastics in the loop."),
    ("Energieeffiziente Fabrik", "Energy-Efficient Factories", ["energieeffizienz", "co2neutral", "industrie40"],
     "{S} macht Energieflüsse in Fabriken sichtbar und steuerbar.",
     "{S} makes energy flows in factories visible and controllable."),
    ("Medizinische Sensorik", "Medical Sensing", ["medtech_sensor", "cpp"],
     "{S} entwickelt tragbare Sensoren und Software für Medizin und Pflege.",
     "{S} develops wearable sensors and software for healthcare."),
    ("Tribologie", "Tribology", ["beschichtung", "zerspanung"],
     "{S} untersucht Reibung, Verschleiß und Schmierung in Maschinen und Werkzeugen.",
     "{S} studies friction, wear and lubrication in machines and tools."),
]

# --------------------------------------------------------------------------------------------
# Start-up archetypes
# --------------------------------------------------------------------------------------------

STARTUPS = [
    dict(topics=["robotik_ki", "ml_qualitaet"], pre=["Greif", "Robo", "Kine", "Grip"], suf=["mind", "labs", "tec", "works"],
         prod_de=["eine KI-Software, mit der Industrieroboter unsortierte Teile aus Kisten greifen",
                  "eine Plattform, die Roboter per Vormachen statt Programmieren anlernt"],
         prod_en=["AI software that lets industrial robots pick unsorted parts from bins",
                  "a platform that teaches robots by demonstration instead of programming"],
         sect_de=["der Metallverarbeitung", "der Kunststofftechnik", "der Holzindustrie"], sect_en=["metalworking", "plastics processing", "the wood industry"],
         kw=[("KI", "AI"), ("Robotik", "robotics")]),
    dict(topics=["pdm", "industrie40"], pre=["Vibra", "Sens", "Predi", "Lager"], suf=["lytics", "sense", "io", "watch"],
         prod_de=["ein nachrüstbares Sensorsystem mit Cloud-Auswertung für Predictive Maintenance",
                  "Algorithmen, die aus Stromsignalen von Antrieben den Verschleiß erkennen"],
         prod_en=["a retrofit sensor kit with cloud analytics for predictive maintenance",
                  "algorithms that detect wear from the current signals of electric drives"],
         sect_de=["dem Maschinenbau", "der Umformtechnik", "der Kunststofftechnik"], sect_en=["machine building", "metal forming", "plastics processing"],
         kw=[("Predictive Maintenance", "predictive maintenance"), ("IoT", "IoT")]),
    dict(topics=["wasserstoff", "brennstoffzelle"], pre=["Hydro", "H2", "Elektro", "Proton"], suf=["gen", "cell", "flow", "werk"],
         prod_de=["modulare Elektrolyseure für mittelständische Betriebe",
                  "Aggregate mit Brennstoffzelle als Ersatz für Dieselgeneratoren auf Baustellen"],
         prod_en=["modular electrolysers for small and mid-sized companies",
                  "fuel cell power units that replace diesel generators on construction sites"],
         sect_de=["der Metallverarbeitung", "der Bauwirtschaft", "der Energiewirtschaft"], sect_en=["metalworking", "construction", "the energy sector"],
         kw=[("Wasserstoff", "hydrogen"), ("Elektrolyse", "electrolysis")]),
    dict(topics=["batterie_recycling", "co2neutral"], pre=["Zell", "Kreis", "Loop", "Re"], suf=["cycle", "loop", "tec", "metals"],
         prod_de=["ein Verfahren zur automatisierten Demontage von Batteriemodulen",
                  "eine mobile Anlage zur sicheren Entladung und Zerkleinerung von Altbatterien"],
         prod_en=["a process for the automated disassembly of battery modules",
                  "a mobile unit for safe discharging and shredding of spent batteries"],
         sect_de=["der Automobilzulieferindustrie", "der Entsorgungswirtschaft"], sect_en=["automotive suppliers", "waste management"],
         kw=[("Batterie", "battery"), ("Recycling", "recycling")]),
    dict(topics=["digital_twin", "industrie40"], pre=["Twin", "Sim", "Mirror", "Virt"], suf=["forge", "labs", "works", "ware"],
         prod_de=["eine Software, die aus CAD- und SPS-Daten automatisch einen Digital Twin erzeugt",
                  "Simulationsmodelle für die virtuelle Inbetriebnahme von Sondermaschinen"],
         prod_en=["software that generates a digital twin automatically from CAD and PLC data",
                  "simulation models for the virtual commissioning of special-purpose machines"],
         sect_de=["dem Sondermaschinenbau", "der Automobilzulieferindustrie"], sect_en=["special-purpose machine builders", "automotive suppliers"],
         kw=[("Digital Twin", "digital twin"), ("Simulation", "simulation")]),
    dict(topics=["medtech_sensor", "medtech_zulassung"], pre=["Vita", "Puls", "Care", "Medi"], suf=["sense", "tec", "wear", "guard"],
         prod_de=["ein Wearable zur kontinuierlichen Messung von Vitaldaten in der Pflege",
                  "eine sensorbasierte Sturzerkennung für Pflegeheime"],
         prod_en=["a wearable for continuous vital sign monitoring in care",
                  "a sensor-based fall detection system for care homes"],
         sect_de=["der Pflege", "der Medizintechnik"], sect_en=["nursing care", "medical technology"],
         kw=[("Medizintechnik", "medtech"), ("Wearables", "wearables")]),
    dict(topics=["implantat", "druck3d"], pre=["Osteo", "Bone", "Ortho"], suf=["print", "fab", "tec"],
         prod_de=["patientenindividuelle Implantate aus dem 3D-Druck",
                  "poröse Titanstrukturen, die das Einwachsen von Implantaten verbessern"],
         prod_en=["patient-specific implants made by 3D printing",
                  "porous titanium structures that improve implant osseointegration"],
         sect_de=["der Medizintechnik", "der Orthopädietechnik"], sect_en=["medical technology", "orthopaedics"],
         kw=[("Implantat", "implants"), ("3D-Druck", "3D printing")]),
    dict(topics=["co2neutral", "energieeffizienz"], pre=["Carbon", "Klima", "Watt", "Ener"], suf=["count", "wise", "scope", "pilot"],
         prod_de=["eine Software, die den CO2-Fußabdruck von Bauteilen aus ERP- und Energiedaten berechnet",
                  "ein Energiemonitoring für Produktionsbetriebe mit automatischen Einsparvorschlägen"],
         prod_en=["software that calculates the carbon footprint of parts from ERP and energy data",
                  "energy monitoring for factories with automatic saving recommendations"],
         sect_de=["der Metallverarbeitung", "der Kunststofftechnik", "der Holzindustrie"], sect_en=["metalworking", "plastics processing", "the wood industry"],
         kw=[("CO2-neutral", "CO2-neutral"), ("Energie", "energy")]),
    dict(topics=["druck3d", "werkstoff"], pre=["Layer", "Additiv", "Forma", "Schicht"], suf=["works", "fab", "print", "parts"],
         prod_de=["einen 3D-Druck-Service für Ersatzteile aus Metall und Kunststoff",
                  "eine Plattform, die Bauteile automatisch auf ihre Eignung für den 3D-Druck prüft"],
         prod_en=["a 3D printing service for metal and polymer spare parts",
                  "a platform that automatically screens parts for 3D printing"],
         sect_de=["dem Maschinenbau", "der Instandhaltung"], sect_en=["machine building", "maintenance"],
         kw=[("3D-Druck", "3D printing"), ("Ersatzteile", "spare parts")]),
    dict(topics=["lidar", "robotik_ki"], pre=["Lumo", "Scan", "Point", "Photon"], suf=["sense", "vision", "labs", "cloud"],
         prod_de=["Software zur Auswertung von LiDAR-Punktwolken für mobile Roboter und Nutzfahrzeuge",
                  "LiDAR-basierte Sicherheitssensorik für fahrerlose Transportsysteme"],
         prod_en=["software for LiDAR point cloud perception on mobile robots and commercial vehicles",
                  "LiDAR-based safety sensing for automated guided vehicles"],
         sect_de=["der Automobilzulieferindustrie", "der Intralogistik"], sect_en=["automotive suppliers", "intralogistics"],
         kw=[("LiDAR", "LiDAR"), ("Perception", "perception")]),
    dict(topics=["gebaeudetechnik", "energie_gebaeude", "bim"], pre=["Haus", "Quartier", "Bau", "Raum"], suf=["pilot", "logic", "werk", "mind"],
         prod_de=["eine KI-gestützte Regelung für Heizung und Lüftung in Bestandsgebäuden",
                  "digitale Aufmaße und BIM-Modelle von Bestandsgebäuden per Laserscan"],
         prod_en=["AI-based control for heating and ventilation in existing buildings",
                  "digital surveys and BIM models of existing buildings from laser scans"],
         sect_de=["der Wohnungswirtschaft", "der Gebäudetechnik"], sect_en=["housing companies", "building services"],
         kw=[("Gebäude", "buildings"), ("Energie", "energy")]),
    dict(topics=["ml_qualitaet", "messtechnik"], pre=["Vision", "Pixel", "Argus", "Optik"], suf=["inspect", "check", "AI", "labs"],
         prod_de=["ein Kamerasystem mit KI, das Oberflächenfehler direkt an der Linie erkennt",
                  "eine Software zur automatischen Auswertung von CT-Scans in der Qualitätssicherung"],
         prod_en=["an AI camera system that detects surface defects right on the line",
                  "software for automated analysis of CT scans in quality assurance"],
         sect_de=["der Automobilzulieferindustrie", "der Kunststofftechnik", "der Metallverarbeitung"],
         sect_en=["automotive suppliers", "plastics processing", "metalworking"],
         kw=[("Qualitätsprüfung", "quality inspection"), ("KI", "AI")]),
    dict(topics=["moebel_digital", "industrie40"], pre=["Holz", "Span", "Maser", "Furnier"], suf=["werk", "code", "cloud", "flow"],
         prod_de=["einen Online-Konfigurator für Möbel, der direkt CNC-Programme erzeugt",
                  "eine Produktionsplanung für Schreinereien in Losgröße 1"],
         prod_en=["an online furniture configurator that generates CNC programs directly",
                  "production planning for joinery shops building in batch size one"],
         sect_de=["der Möbelindustrie", "dem Tischlerhandwerk"], sect_en=["furniture makers", "joinery shops"],
         kw=[("Möbel", "furniture"), ("Software", "software")]),
]

# --------------------------------------------------------------------------------------------
# Flagship profiles: written by hand. `_nt` = need topics, `_ot` = offer topics (used only to
# derive pairs.jsonl; removed before writing). The id is assigned from region and kind.
# --------------------------------------------------------------------------------------------

FLAGSHIPS = [
    dict(kind="company", name="Biggetal Leichtbauteile GmbH", lang="de", city="Attendorn", sme=False, _nt=["leichtbau", "werkstoff"],
         text="Die Biggetal Leichtbauteile GmbH fertigt in Attendorn Sitzquerträger, Instrumententafelträger und Batteriegehäuse für Pkw-Hersteller. "
              "Rund 380 Beschäftigte arbeiten an Stanz-, Schweiß- und Montagelinien im Dreischichtbetrieb. "
              "Weil die Kunden bei neuen Plattformen bis zu 30 Prozent weniger Gewicht verlangen, will das Unternehmen Stahl teilweise durch faserverstärkte Kunststoffe ersetzen.",
         competences="Stanzen, Roboterschweißen und Montage sicherheitsrelevanter Strukturbauteile. Serienfertigung nach IATF 16949 mit eigener Prüfabteilung.",
         offers="Serienerfahrung, Prüfteile und Versuchszeit auf unseren Linien für Forschungsprojekte; Themen für Abschlussarbeiten in Konstruktion und Fertigung.",
         needs="Wir suchen Partner für die Leichtbaukonstruktion mit faserverstärkten Kunststoffen, insbesondere für hybride Querträger aus Stahl und CFK. "
               "Außerdem interessieren uns neue Werkstofftechnologien für das Fügen der Mischbauweise.",
         keywords=["Leichtbaukonstruktion", "Faserverbund", "Automotive", "IATF 16949", "Mischbauweise"]),
    dict(kind="university", name="Lehrstuhl für Leichtbau und Faserverbundtechnik (Universität Siegerland)", lang="de", city="Siegen", _ot=["leichtbau", "klebtechnik"],
         text="Der Lehrstuhl erforscht Bauweisen, die Gewicht sparen, ohne Steifigkeit und Crashsicherheit zu opfern. "
              "Schwerpunkte sind Faserverbund, hybride Strukturen aus Metall und Kunststoff sowie deren Fügen. "
              "Rund 20 wissenschaftliche Mitarbeitende arbeiten in öffentlich geförderten Projekten und in Aufträgen für Zulieferer aus Südwestfalen.",
         competences="Faserverbundwerkstoffe (CFK, GFK), Leichtbau und Konstruktion hybrider Strukturen, Simulation mit der Finite-Elemente-Methode, Ermüdungs- und Crashprüfung.",
         offers="Wir bieten Auslegung, Konstruktion und Prüfung im Leichtbau: vom Konzept für ein Bauteil aus Faserverbund bis zum geprüften Prototyp. "
                "Dazu Klebtechnik für Verbindungen von Stahl und CFK sowie Weiterbildung für Konstrukteure.",
         needs="",
         keywords=["Leichtbau", "Faserverbund", "Konstruktion", "CFK", "Kleben"]),
    dict(kind="company", name="Rahmede Kunststofftechnik GmbH & Co. KG", lang="de", city="Lüdenscheid", sme=True, _nt=["spritzguss", "rezyklat"],
         text="Rahmede Kunststofftechnik ist ein Familienunternehmen in dritter Generation und stellt in Lüdenscheid technische Spritzgussteile für Elektroinstallation und Haushaltsgeräte her. "
              "Auf 42 Spritzgießmaschinen entstehen jährlich rund 180 Millionen Teile, vom Schalterrahmen bis zum Zweikomponenten-Gehäuse. "
              "Der eigene Werkzeugbau baut jedes Jahr etwa 60 neue Werkzeuge.",
         competences="Kunststoffspritzguss von 25 bis 450 t Schließkraft, Zweikomponenten-Technik, Werkzeugbau, Bedrucken und Montage.",
         offers="Versuchszeit auf Serienmaschinen und Musterteile für Hochschulprojekte; Praktika für Studierende der Kunststofftechnik.",
         needs="Wir wollen den Ausschuss im Kunststoffspritzguss senken und suchen einen Partner für Prozessanalyse und Datenauswertung. "
               "Gleichzeitig möchten wir den Anteil von Rezyklat in sichtbaren Teilen erhöhen, ohne dass die Oberfläche leidet.",
         keywords=["Kunststoffspritzguss", "Werkzeugbau", "Rezyklat", "Elektroinstallation"]),
    dict(kind="university", name="Lehrstuhl für Kunststoffverarbeitung (Universität Paderborner Land)", lang="de", city="Paderborn", _ot=["spritzguss", "rezyklat"],
         text="Der Lehrstuhl arbeitet an der Verarbeitung von Kunststoff im Spritzguss und in der Extrusion. "
              "Ein Schwerpunkt liegt auf Rezyklaten und biobasierten Materialien, deren Eigenschaften stärker schwanken als bei Neuware. "
              "Mit datengetriebenen Methoden werden Prozessfenster automatisch nachgeführt.",
         competences="Spritzguss, Füllsimulation, Prozessüberwachung mit Sensoren im Werkzeug, Charakterisierung von Rezyklaten.",
         offers="Versuche im Spritzguss auf Maschinen von 50 bis 350 t, Füllsimulation und Analyse von Prozessdaten zur Senkung von Ausschuss. "
                "Beratung zum Einsatz von Rezyklat in technischen Bauteilen aus Kunststoff.",
         needs="Wir suchen Unternehmen, die Prozessdaten aus der Serienfertigung für ein Verbundprojekt bereitstellen.",
         keywords=["Spritzguss", "Kunststoff", "Rezyklat", "Prozessdaten"]),
    dict(kind="company", name="Hesse Oberflächentechnik GmbH", lang="de", city="Olpe", sme=True, _nt=["beschichtung"],
         text="Die Hesse Oberflächentechnik GmbH härtet und beschichtet Werkzeuge und Bauteile für Umformbetriebe im Sauerland und Siegerland. "
              "Mit 65 Mitarbeitenden betreibt das Unternehmen Vakuumöfen, Nitrieranlagen und eine Hartverchromung. "
              "Da die Hartverchromung mit Chrom(VI) ausläuft, braucht der Betrieb eine Alternative.",
         competences="Vakuumhärten, Plasmanitrieren, Hartverchromung, Polieren von Umformwerkzeugen.",
         offers="Wärmebehandlung und Probenherstellung für Forschungsprojekte, Zugang zu rund 300 Kunden aus der Umformtechnik.",
         needs="Wir suchen eine verschleißfeste Oberflächenbeschichtung für Umformwerkzeuge, die die Hartverchromung ersetzen kann. "
               "Gesucht sind Partner, die Oberflächenbeschichtungen entwickeln und im Tribometer prüfen.",
         keywords=["Oberflächenbeschichtung", "Härterei", "Umformwerkzeuge", "Chrom(VI)-Ersatz"]),
    dict(kind="university", name="Labor für Oberflächentechnik und Beschichtung (Hochschule Sauerland-Hellweg, Campus Iserlohn)", lang="de", city="Iserlohn",
         _ot=["beschichtung", "korrosion"],
         text="Das Labor entwickelt Beschichtungen für Werkzeuge, Bauteile und Kunststoffe und prüft, wie sich die Oberfläche im Einsatz verhält. "
              "Es arbeitet seit vielen Jahren mit Galvanik- und Härtereibetrieben aus dem Märkischen Kreis zusammen.",
         competences="PVD- und CVD-Beschichtung, thermisches Spritzen, Tribologie, Korrosionsprüfung, Analyse von Oberflächen im Rasterelektronenmikroskop.",
         offers="Beschichtung von Mustern, Verschleiß- und Reibwertprüfung, Salzsprühtests und Beratung zum Ersatz von Chrom(VI) in der Beschichtung von Werkzeugen.",
         needs="",
         keywords=["Beschichtung", "Oberfläche", "Verschleiß", "Korrosion", "PVD"]),
    dict(kind="company", name="Siegerländer Armaturen- und Ventilbau GmbH", lang="de", city="Siegen", sme=True, _nt=["wasserstoff", "werkstoff"],
         text="Seit 1952 baut das Unternehmen in Siegen Absperrarmaturen und Regelventile für Erdgasnetze, Kraftwerke und die Chemie. "
              "Die 140 Beschäftigten konstruieren, fertigen und prüfen jede Armatur im eigenen Haus. "
              "Netzbetreiber fragen zunehmend nach Armaturen für die Umstellung auf Wasserstoff.",
         competences="Konstruktion und Fertigung von Armaturen bis DN 600, Druckprüfung bis 400 bar, Dichtheitsprüfung mit Helium, Zulassungen nach DVGW.",
         offers="Prüfstände und Armaturen als Versuchsträger, Erfahrung mit Zulassungen für Gasnetze.",
         needs="Wir wollen in die Wasserstofftechnologie einsteigen und suchen Partner, die unsere Armaturen und Dichtungen für den Betrieb mit Wasserstoff qualifizieren. "
               "Dabei brauchen wir auch Werkstofftechnologien gegen die Versprödung hochfester Stähle.",
         keywords=["Wasserstofftechnologie", "Armaturen", "Ventile", "Gasnetz", "DVGW"]),
    dict(kind="university", name="Lehrstuhl für Werkstoffe und Technologien der Metalle (Universität Siegerland)", lang="de", city="Siegen", _ot=["werkstoff", "wasserstoff"],
         text="Der Lehrstuhl untersucht, wie Gefüge, Wärmebehandlung und Umgebung die Eigenschaften metallischer Werkstoffe bestimmen. "
              "Ein aktueller Schwerpunkt ist das Verhalten von Stahl unter Wasserstoff: Versprödung, Rissbildung und geeignete Legierungen.",
         competences="Werkstoff und Gefüge, Metallographie, Schadensanalyse, Prüfung unter Druckwasserstoff, Wärmebehandlung.",
         offers="Prüfung von Werkstoffen unter Wasserstoff bis 200 bar, Schadensanalysen und Beratung zur Auswahl von Werkstoff und Technologie für neue Anwendungen.",
         needs="",
         keywords=["Werkstoff", "Wasserstoff", "Metallographie", "Schadensanalyse", "Stahl"]),
    dict(kind="company", name="Stahlschmidt Fahrzeugsysteme GmbH", lang="de", city="Kreuztal", sme=True, _nt=["brennstoffzelle", "emobility"],
         text="Stahlschmidt Fahrzeugsysteme entwickelt und fertigt in Kreuztal Rohrleitungen, Tanks und Halter für Lkw und Busse. "
              "Rund 210 Mitarbeitende biegen, schweißen und prüfen Baugruppen für europäische Nutzfahrzeughersteller. "
              "Mit dem Wandel zum emissionsfreien Antrieb sucht das Unternehmen neue Produkte.",
         competences="CNC-Rohrbiegen, Orbitalschweißen, Dichtheitsprüfung, Montage von Baugruppen für Nutzfahrzeuge.",
         offers="Prototypenbau für Leitungen und Tanks, Erfahrung mit den Prozessen der Nutzfahrzeughersteller.",
         needs="Für den Einstieg in Brennstoffzellensysteme für Nutzfahrzeuge suchen wir Know-how zu Medienversorgung, Wasserstoffleitungen und Kühlung. "
               "Auch Bauteile für batterieelektrische Busse kommen für uns in Frage.",
         keywords=["Brennstoffzellensysteme", "Nutzfahrzeuge", "Rohrbiegen", "E-Mobilität"]),
    dict(kind="university", name="Labor für Wasserstoff und Brennstoffzelle (Hochschule Sauerland-Hellweg, Campus Meschede)", lang="de", city="Meschede",
         _ot=["brennstoffzelle", "wasserstoff"],
         text="Das Labor untersucht die Brennstoffzelle als Antrieb für Nutzfahrzeuge, Baumaschinen und Notstromaggregate. "
              "Auf zwei Prüfständen werden Stacks und die zugehörigen Systeme aus Luftversorgung, Kühlung und Wasserstoff-Zufuhr betrieben.",
         competences="PEM-Brennstoffzelle, Auslegung von Systemen und Peripherie, Wasserstoff-Sicherheit, Messtechnik.",
         offers="Prüfung von Komponenten für die Brennstoffzelle, Auslegung kompletter Systeme und Schulungen zum sicheren Umgang mit Wasserstoff.",
         needs="Wir suchen Zulieferer, die Komponenten für die Peripherie in Kleinserie fertigen können.",
         keywords=["Brennstoffzelle", "Wasserstoff", "Systeme", "Nutzfahrzeuge"]),
    dict(kind="company", name="Ruhrwiesen Gebäudetechnik GmbH", lang="de", city="Arnsberg", sme=True, _nt=["gebaeudetechnik", "cpp"],
         text="Die Ruhrwiesen Gebäudetechnik GmbH entwickelt Regler und Stellantriebe für Heizung und Lüftung. "
              "Das Unternehmen beschäftigt 90 Menschen in Arnsberg und verkauft über den Großhandel an Handwerksbetriebe in Deutschland, Österreich und den Niederlanden.",
         competences="Elektronikentwicklung, Firmware, Fertigung von Stellantrieben, Schulung von Installateuren.",
         offers="Geräte und Zugang zu Pilotgebäuden für Feldtests; Betreuung von Abschlussarbeiten in Elektrotechnik.",
         needs="Wir suchen Partner, um unsere Gebäudetechnik mit Sensorik, Fernwartung und selbstlernender Regelung auszustatten. "
               "Für die Firmware unserer Regler brauchen wir Unterstützung in C++ auf Mikrocontrollern.",
         keywords=["Gebäudetechnik", "Regelung", "Firmware", "C++", "Heizung"]),
    dict(kind="university", name="Fachgebiet Technik im Gebäude (Hochschule Sauerland-Hellweg, Campus Soest)", lang="de", city="Soest", _ot=["gebaeudetechnik", "energie_gebaeude"],
         text="Das Fachgebiet beschäftigt sich mit der Technik, die ein Gebäude warm, gut belüftet und sparsam macht. "
              "In einem Versuchsgebäude auf dem Campus lassen sich Heizung, Lüftung und Regelung unter realen Bedingungen vergleichen.",
         competences="Heizung, Lüftung und Regelung; Messung und Simulation von Gebäuden; Wärmepumpen.",
         offers="Messkampagnen in Gebäuden, Feldtests neuer Regler und Simulation der Technik im Gebäude vor dem Einbau.",
         needs="",
         keywords=["Gebäude", "Technik", "Heizung", "Lüftung", "Wärmepumpe"]),
    dict(kind="company", name="Hellweg Asphalt- und Straßenbau GmbH", lang="de", city="Warstein", sme=True, _nt=["strassenbau", "co2neutral"],
         text="Das Unternehmen betreibt zwei Steinbrüche und drei Asphaltmischanlagen im Kreis Soest und baut Straßen für Kommunen und den Landesbetrieb. "
              "Mit 170 Mitarbeitenden gehört es zu den größeren Straßenbauern der Region.",
         competences="Straßen- und Tiefbau, Herstellung von Asphaltmischgut, Aufbereitung von Ausbauasphalt.",
         offers="Versuchsstrecken auf eigenen Baustellen und Material für Laborprüfungen.",
         needs="Wir suchen Partner, um mehr Ausbauasphalt und industrielle Nebenprodukte im Straßenbau einzusetzen. "
               "Außerdem wollen wir unsere Mischanlagen CO2-neutral betreiben.",
         keywords=["Straßenbau", "Asphalt", "Recycling", "CO2-neutral"]),
    dict(kind="research", name="Forschungsstelle Strassenbau und Baustoffe St. Gallen", lang="de", city="St. Gallen", _ot=["strassenbau", "co2neutral"],
         text="Die Forschungsstelle prüft Baustoffe für den Strassenbau und begleitet Kantone und Gemeinden bei der Erhaltung ihrer Strassen. "
              "Sie entwickelt Mischungen mit hohem Anteil an Recyclingmaterial und bewertet deren Ökobilanz.",
         competences="Asphalttechnologie, Baustoffprüfung, Strassenbau mit Recyclingmaterial, Ökobilanz.",
         offers="Laborprüfungen und Feldversuche zu Asphalt und Gesteinskörnungen; Beratung zu klimafreundlichem Strassenbau.",
         needs="Wir suchen Partner aus Deutschland für ein grenzüberschreitendes Projekt zu Recyclingasphalt.",
         keywords=["Strassenbau", "Asphalt", "Recycling", "Baustoffe"]),
    dict(kind="company", name="Oestertal Schweißtechnik GmbH", lang="de", city="Plettenberg", sme=True, _nt=["schweiss", "robotik_ki"],
         text="In Plettenberg schweißt das Unternehmen Baugruppen aus Stahl und Aluminium für Landmaschinen, Schienenfahrzeuge und Baumaschinen. "
              "Die 75 Beschäftigten arbeiten überwiegend manuell; qualifizierte Schweißer sind kaum noch zu finden.",
         competences="MAG- und WIG-Schweißen, Schweißen nach EN 1090 und DIN EN ISO 3834, Richten und Prüfen.",
         offers="Reale Bauteile und Schweißaufgaben für Forschung und Lehre; Ausbildung von Schweißfachkräften.",
         needs="Wir suchen Unterstützung in der Schweißtechnik, um Kleinserien mit Robotern zu schweißen, ohne jede Bahn von Hand zu programmieren. "
               "Interessant sind Roboter, die Nähte per Kamera und KI selbst finden.",
         keywords=["Schweißtechnik", "Roboter", "Aluminium", "EN 1090"]),
    dict(kind="research", name="Institut für Füge- und Schweisstechnik Winterthur", lang="de", city="Winterthur", _ot=["schweiss", "klebtechnik", "robotik_ki"],
         text="Das Institut entwickelt Verfahren der Schweisstechnik für Stahl, Aluminium und Mischverbindungen. "
              "Im Versuchsfeld stehen Schweissroboter, Laser und Anlagen für das Rührreibschweissen. "
              "Ein Schwerpunkt ist die sensorgeführte Automatisierung für kleine Losgrössen.",
         competences="Schweisstechnik, Laserstrahlschweissen, Roboterschweissen mit Nahtsensorik, Klebtechnik, Prüfung von Schweissnähten.",
         offers="Entwicklung von Schweissverfahren, Qualifizierung von Schweissprozessen und Machbarkeitsstudien zum Roboterschweissen mit Kamera und KI.",
         needs="",
         keywords=["Schweisstechnik", "Fügetechnik", "Roboterschweissen", "Laser"]),
    dict(kind="company", name="Tösstal Metallbau AG", lang="de", city="Winterthur", sme=True, _nt=["schweiss", "korrosion"],
         text="Die Tösstal Metallbau AG fertigt Geländer, Treppen und Fassadenelemente aus Stahl und Edelstahl für Bauherren in der Ostschweiz und in Süddeutschland. "
              "Rund 45 Mitarbeitende arbeiten in Werkstatt und Montage.",
         competences="Metallbau, Schweissen von Edelstahl, Oberflächenbehandlung, Montage auf der Baustelle.",
         offers="Praxisnahe Bauteile und Werkstattzeit für Versuche.",
         needs="Wir suchen Unterstützung in der Schweisstechnik für dünnwandige Edelstahlbauteile, die sich beim Schweissen nicht verziehen dürfen. "
               "Gefragt ist auch ein dauerhafter Korrosionsschutz für verzinkte Stahlteile.",
         keywords=["Schweisstechnik", "Metallbau", "Edelstahl", "Korrosionsschutz"]),
    dict(kind="company", name="Briloner Holzwerkstoffe GmbH", lang="de", city="Brilon", sme=True, _nt=["holzwerkstoffe", "co2neutral"],
         text="Die Briloner Holzwerkstoffe GmbH produziert Spanplatten und beschichtete Möbelplatten aus Holz der Region. "
              "Das Werk mit 160 Beschäftigten verarbeitet auch Altholz und Sägenebenprodukte. "
              "Möbelhersteller fragen nach Platten ohne Formaldehyd und mit belegbarem CO2-Fußabdruck.",
         competences="Spanplattenherstellung, Beschichtung mit Dekorpapier, Aufbereitung von Altholz.",
         offers="Versuche auf der Produktionslinie und Material für Prüfkörper.",
         needs="Wir suchen Partner zur Entwicklung formaldehydfreier Holzwerkstoffe mit biobasierten Bindemitteln. "
               "Außerdem möchten wir unsere Trocknung CO2-neutral betreiben.",
         keywords=["Holzwerkstoffe", "Spanplatte", "Formaldehyd", "CO2-neutral"]),
    dict(kind="company", name="Wittgensteiner Möbelwerkstätten GmbH", lang="de", city="Bad Berleburg", sme=True, _nt=["moebel_digital", "industrie40"],
         text="Die Wittgensteiner Möbelwerkstätten fertigen Objektmöbel für Hotels, Schulen und Praxen, fast immer als Einzelstück oder Kleinserie. "
              "Jeder Auftrag wird heute noch von Hand aus den Zeichnungen des Architekten in CNC-Programme übertragen.",
         competences="CNC-Bearbeitung, Kantenbearbeitung, Lackierung, Montage beim Kunden, Innenausbau.",
         offers="Eine reale Fertigung für Pilotprojekte und Aufgaben für Abschlussarbeiten.",
         needs="Wir möchten die Fertigung in Losgröße 1 im Sinne von Industrie 4.0 digitalisieren: vom Konfigurator über die Arbeitsvorbereitung bis zur CNC-Maschine.",
         keywords=["Möbel", "Losgröße 1", "Industrie 4.0", "CNC"]),
    dict(kind="company", name="Seilersee Medizintechnik GmbH", lang="de", city="Iserlohn", sme=True, _nt=["medtech_zulassung", "druck3d", "implantat"],
         text="Seilersee Medizintechnik stellt Implantate und Instrumente für die Wirbelsäulenchirurgie her. "
              "Das Unternehmen mit 55 Mitarbeitenden fräst Titan und PEEK und montiert im Reinraum. "
              "Neue Produkte scheitern oft an Aufwand und Dauer der Zulassung.",
         competences="5-Achs-Bearbeitung von Titan und PEEK, Reinraummontage, Qualitätsmanagement nach ISO 13485.",
         offers="Fertigungskapazität für Prototypen im Reinraum und Erfahrung mit Benannten Stellen.",
         needs="Für die Zulassung nach MDR suchen wir Unterstützung bei klinischer Bewertung und Biokompatibilität. "
               "Außerdem prüfen wir den 3D-Druck patientenindividueller Implantate aus Titan.",
         keywords=["Medizintechnik", "Implantate", "MDR", "3D-Druck", "ISO 13485"]),
    dict(kind="company", name="Hönnetal Zerspanungstechnik GmbH", lang="de", city="Menden", sme=True, _nt=["pdm", "zerspanung"],
         text="Die Hönnetal Zerspanungstechnik GmbH fertigt Präzisionsdrehteile und Frästeile in Losgrößen von 50 bis 50.000 Stück. "
              "Im Dreischichtbetrieb laufen 38 CNC-Maschinen, nachts weitgehend mannlos.",
         competences="Langdrehen, 5-Achs-Fräsen, Schleifen, Messtechnik; Bearbeitung von Edelstahl und Titan.",
         offers="Maschinendaten und Versuchszeit für Forschungsprojekte; Lohnfertigung für Start-ups.",
         needs="Wir wollen ungeplante Stillstände in der mannlosen Schicht vermeiden und suchen Lösungen für Predictive Maintenance an Spindeln. "
               "Dazu soll der Werkzeugverschleiß bei der Zerspanung von Titan sinken.",
         keywords=["Zerspanung", "Predictive Maintenance", "CNC", "Titan"]),
    dict(kind="company", name="Lippeaue Sensortechnik GmbH", lang="de", city="Lippstadt", sme=False, _nt=["lidar", "ml_qualitaet"],
         text="Lippeaue Sensortechnik entwickelt und fertigt Gehäuse, Halter und Blenden für Kamera-, Radar- und LiDAR-Sensoren in Fahrzeugen. "
              "Mit rund 600 Beschäftigten in Lippstadt beliefert das Unternehmen Systemlieferanten für Fahrerassistenz.",
         competences="Kunststoff-Metall-Hybridtechnik, Präzisionsspritzguss, Montage unter Reinraumbedingungen, Umweltprüfungen.",
         offers="Musterteile, Prüfstände für Vibration und Temperatur, Abschlussarbeiten in Konstruktion und Elektronik.",
         needs="Für Halter von LiDAR-Sensoren suchen wir Know-how zu Kalibrierung, Toleranzen und Temperaturverhalten. "
               "Außerdem soll Machine Learning die Sichtprüfung der Blenden übernehmen.",
         keywords=["LiDAR", "Sensorik", "Fahrerassistenz", "Machine Learning"]),
    dict(kind="company", name="Ruhrtal Precision Castings GmbH", lang="en", city="Meschede", sme=False, _nt=["druckguss", "co2neutral"],
         text="Ruhrtal Precision Castings is part of an international foundry group and produces aluminium die-cast housings for e-motors and gearboxes in Meschede. "
              "About 420 employees run twelve die casting cells and a machining shop.",
         competences="Aluminium high-pressure die casting, CNC machining, X-ray inspection, leak testing.",
         offers="Production data, castings for research and internships for engineering students.",
         needs="We need casting simulation expertise to reduce porosity in large structural castings. "
               "We also have to cut the carbon footprint of our melting furnaces and aim for CO2-neutral production.",
         keywords=["die casting", "aluminium", "e-mobility", "CO2-neutral"]),
    dict(kind="university", name="Chair of Machine Learning for Production Systems, Technische Universität Westfalen-Ruhr", lang="en", city="Dortmund",
         _ot=["ml_qualitaet", "digital_twin", "pdm"],
         text="The chair develops machine learning methods that work with the small, noisy data sets typical of manufacturing SMEs. "
              "Research covers visual inspection, predictive maintenance and the coupling of learned models with a digital twin of the production line. "
              "Many projects run with suppliers from Südwestfalen and the Ruhr.",
         competences="Machine Learning, computer vision, anomaly detection, Digital Twin, time series analysis.",
         offers="Feasibility studies on AI-based visual inspection, predictive maintenance pilots and Digital Twin prototypes, as well as workshops for engineers.",
         needs="We look for companies willing to share production data for joint research.",
         keywords=["Machine Learning", "Digital Twin", "computer vision", "predictive maintenance"]),
    dict(kind="university", name="Institute of Automotive Perception, Ruhrtal-Universität Bochum", lang="en", city="Bochum", _ot=["lidar", "robotik_ki"],
         text="The institute works on perception for automated vehicles and mobile robots. "
              "A sensor hall with a LiDAR reference system allows calibration and testing of sensors and their mountings under vibration and temperature loads.",
         competences="LiDAR, radar, sensor fusion, calibration, machine learning for perception.",
         offers="Testing and calibration of LiDAR sensors and mounts, sensor fusion for driver assistance, and perception for mobile robots.",
         needs="",
         keywords=["LiDAR", "sensor fusion", "automated driving", "perception"]),
    dict(kind="research", name="Westfälisches Institut für Produktionsdigitalisierung", lang="de", city="Dortmund", _ot=["industrie40", "digital_twin"],
         text="Das Institut hilft mittelständischen Betrieben, ihre Produktion zu vernetzen und Daten sinnvoll zu nutzen. "
              "In einer Lernfabrik zeigen Demonstratoren, wie Industrie 4.0 mit Bestandsmaschinen funktioniert.",
         competences="Industrie 4.0, OPC UA, MES, Digital Twin, virtuelle Inbetriebnahme.",
         offers="Potenzialanalysen, Anbindung von Bestandsmaschinen und Aufbau eines Digital Twin für Anlagen und Linien.",
         needs="Wir suchen Pilotbetriebe aus Metall- und Kunststoffverarbeitung.",
         keywords=["Industrie 4.0", "Digital Twin", "OPC UA", "Lernfabrik"]),
    dict(kind="research", name="Forschungszentrum für Kreislaufwirtschaft und CO2-neutrale Produktion", lang="de", city="Soest", _ot=["co2neutral", "batterie_recycling", "energieeffizienz"],
         text="Das Forschungszentrum arbeitet an Wegen zu einer CO2-neutralen Industrie in ländlichen Regionen. "
              "Es verbindet Energieberatung für Betriebe mit Forschung zu Recycling von Batterien und Metallen.",
         competences="CO2-Bilanzierung, Energieeffizienz, Abwärmenutzung, Batterierecycling, Ökobilanz.",
         offers="CO2-Bilanzen und Fahrpläne für eine CO2-neutrale Produktion, Energieanalysen und Bewertung von Recycling-Routen für Batterien.",
         needs="",
         keywords=["CO2-neutral", "Kreislaufwirtschaft", "Energieeffizienz", "Recycling"]),
    dict(kind="research", name="Institut für Wasserstoffsysteme Steiermark", lang="de", city="Graz", _ot=["wasserstoff", "brennstoffzelle"],
         text="Das Institut erforscht die gesamte Kette von der Elektrolyse über Speicherung und Transport bis zur Nutzung von Wasserstoff in Industrie und Mobilität. "
              "Es arbeitet mit Zulieferern aus Österreich und Deutschland zusammen.",
         competences="Elektrolyse, Speicherung von Wasserstoff, Brennstoffzellen für Fahrzeuge, Sicherheit.",
         offers="Prüfstände für Komponenten unter Wasserstoff, Machbarkeitsstudien und Schulungen.",
         needs="",
         keywords=["Wasserstoff", "Elektrolyse", "Brennstoffzelle", "Speicherung"]),
    dict(kind="research", name="Dinkel Composites Research Centre", lang="en", city="Enschede", _ot=["leichtbau", "druck3d"],
         text="The centre develops thermoplastic composites and their processing for aerospace, automotive and machinery. "
              "It also 3D prints continuous-fibre parts for lightweight structures.",
         competences="thermoplastic composites, lightweight design, 3D printing with continuous fibres, welding of thermoplastics.",
         offers="Design and prototyping of lightweight composite parts and 3D printing trials for small series.",
         needs="We look for German suppliers for cross-border projects in the Euregio.",
         keywords=["composites", "lightweight design", "3D printing", "thermoplastics"]),
    dict(kind="startup", name="Greifwerk Robotics GmbH", lang="en", city="Siegen", _ot=["robotik_ki", "ml_qualitaet"],
         text="Greifwerk Robotics was founded in 2021 as a spin-off of Universität Siegerland. "
              "The team of twelve builds AI software that lets standard industrial robots pick unsorted parts from bins and learn new parts from a few images.",
         competences="AI for robotics, bin picking, 3D vision, machine learning.",
         offers="Bin picking cells as a service, feasibility tests with customer parts and integration into existing robot cells.",
         needs="We are looking for pilot customers in metalworking and plastics processing, and for system integrators as sales partners.",
         keywords=["AI", "robotics", "bin picking", "machine learning"]),
    dict(kind="startup", name="Lennewatt H2 GmbH", lang="de", city="Finnentrop", _ot=["wasserstoff"],
         text="Lennewatt H2 entwickelt Elektrolyseure in Containerbauweise für Betriebe, die Wasserstoff vor Ort aus eigenem Solarstrom erzeugen wollen. "
              "Der erste Prototyp läuft seit 2023 bei einer Härterei im Kreis Olpe.",
         competences="Elektrolyse, Anlagenbau für Wasserstoff, Steuerung und Sicherheitstechnik.",
         offers="Elektrolyseure zur Miete, Machbarkeitsstudien zum Einsatz von Wasserstoff in der Prozesswärme.",
         needs="Wir suchen Fertigungspartner für Druckbehälter und Rohrleitungen sowie weitere Pilotkunden.",
         keywords=["Wasserstoff", "Elektrolyse", "Prozesswärme", "Start-up"]),
    dict(kind="startup", name="Zwillingsfabrik UG (haftungsbeschränkt)", lang="de", city="Dortmund", _ot=["digital_twin", "industrie40"],
         text="Die Zwillingsfabrik erzeugt aus vorhandenen CAD-Modellen und SPS-Programmen automatisch einen digitalen Zwilling von Sondermaschinen. "
              "So können Maschinenbauer die Inbetriebnahme virtuell testen, bevor die Maschine beim Kunden steht.",
         competences="Digital Twin, virtuelle Inbetriebnahme, Simulation, SPS-Programmierung.",
         offers="Digital Twin als Dienstleistung und Software-Lizenz, Schulungen für Konstrukteure.",
         needs="Wir suchen Sondermaschinenbauer als Pilotkunden und Investoren für die Seed-Runde.",
         keywords=["Digital Twin", "digitaler Zwilling", "Simulation", "Sondermaschinenbau"]),
    dict(kind="startup", name="Kreislaufzelle GmbH", lang=None, city="Hagen", _ot=["batterie_recycling"],
         text="Kreislaufzelle zerlegt Batteriemodule aus Elektrofahrzeugen automatisch und gewinnt Kupfer, Aluminium und Schwarzmasse zurück. "
              "Das Gründerteam stammt aus der Recyclingbranche und der Robotik.",
         competences="Batterierecycling, automatisierte Demontage, Sicherheitstechnik für Hochvolt-Batterien.",
         offers="Rücknahme und Recycling von Batteriemodulen und Produktionsausschuss, Beratung zu recyclinggerechter Konstruktion.",
         needs="Wir suchen Zulieferer mit Produktionsabfällen aus der Batteriefertigung und einen Standort für eine Pilotanlage.",
         keywords=["Batterierecycling", "Kreislaufwirtschaft", "Demontage"]),
    dict(kind="startup", name="VitaSense Sauerland GmbH", lang="en", city="Arnsberg", _ot=["medtech_sensor", "medtech_zulassung"],
         text="VitaSense develops a wearable patch that measures heart rate, breathing and movement of patients in care homes and alerts staff early. "
              "The product is heading for MDR class IIa certification.",
         competences="wearable sensors, biosignal processing, embedded software, MDR documentation.",
         offers="Pilot installations in care homes and data for research on early warning scores.",
         needs="We are looking for a contract manufacturer for medical electronics and partners for a clinical study.",
         keywords=["wearables", "vital signs", "medtech", "MDR"]),
    # public bodies and others (all flagships)
    dict(kind="public", name="Transferagentur Sauerland-Siegerland", lang="de", city="Olpe",
         text='Die Transferagentur beschäftigt Technologiescouts, die kleine und mittlere Unternehmen besuchen und passende Partner aus Hochschulen und Forschung vermitteln. '
              'Das Programm "Scout vor Ort" ist für Unternehmen kostenfrei.',
         competences="Technologietransfer, Fördermittelberatung, Netzwerke zu Hochschulen in Südwestfalen und im Ruhrgebiet.",
         offers="- Besuche im Betrieb durch Technologiescouts\n- Vermittlung von Forschungspartnern\n- Beratung zu ZIM und Innovationsgutscheinen",
         needs="Wir suchen Hochschulen und Institute, die Transferangebote für kleine Betriebe entwickeln.",
         keywords=["Technologietransfer", "Scouting", "Förderung", "Innovation"]),
    dict(kind="public", name="Wirtschaftsförderung Lennetal", lang="de", city="Plettenberg",
         text="Die Wirtschaftsförderung Lennetal unterstützt Betriebe in Plettenberg, Werdohl und Altena bei Ansiedlung, Fachkräftesicherung und Innovation. "
              "Viele Unternehmen im Tal sind Zulieferer der Automobilindustrie und im Wandel.",
         competences="Standortberatung, Fördermittel, Netzwerke der Metallverarbeitung.",
         offers="Workshops zur Transformation der Zulieferindustrie und Kontakte zu Flächen und Fördergebern.",
         needs="Gesucht werden Forschungspartner, die Zulieferer auf dem Weg zu E-Mobilität und CO2-neutraler Produktion begleiten.",
         keywords=["Wirtschaftsförderung", "Transformation", "Zulieferer"]),
    dict(kind="public", name="Handwerks- und Gewerbekammer Hellweg-Sauerland", lang="de", city="Arnsberg",
         text="Die Kammer vertritt rund 9.000 Betriebe aus Handwerk und Gewerbe zwischen Hellweg und Hochsauerland. "
              "Ihre Innovationsberatung hilft bei Digitalisierung, Energie und Schutzrechten.",
         competences="Innovationsberatung, Digitalisierung im Handwerk, Energieberatung, Ausbildung.",
         offers="Kostenfreie Erstberatung, Digitalisierungs-Checks und Veranstaltungen zu Gebäudetechnik und Holzbau.",
         needs="",
         keywords=["Handwerk", "Innovationsberatung", "Digitalisierung"]),
    dict(kind="public", name="Netzwerk Kunststoff Märkisches Sauerland e.V.", lang="de", city="Lüdenscheid",
         text="Das Netzwerk verbindet über 80 Kunststoffverarbeiter, Werkzeugbauer und Materiallieferanten im Märkischen Kreis. "
              "Das Clustermanagement organisiert Arbeitskreise zu Rezyklat, Energie und Fachkräften.",
         competences="Clustermanagement, Arbeitskreise, Projektanbahnung in der Kunststofftechnik.",
         offers="Zugang zu Mitgliedsbetrieben für Umfragen und Pilotprojekte; Arbeitskreis Kreislaufwirtschaft.",
         needs="Wir suchen Hochschulen für gemeinsame Weiterbildungen zum Kunststoffspritzguss mit Rezyklat.",
         keywords=["Cluster", "Kunststoff", "Rezyklat", "Netzwerk"]),
    dict(kind="public", name="Netzwerk Wasserstoff Südwestfalen", lang="de", city="Siegen",
         text="Das Netzwerk bringt Unternehmen, Stadtwerke und Hochschulen zusammen, die Wasserstoff erzeugen, verteilen oder nutzen wollen. "
              "Es koordiniert eine regionale Roadmap für Wasserstoff in Industrie und Verkehr.",
         competences="Netzwerkmanagement, Projektentwicklung, Fördermittel für Wasserstoffprojekte.",
         offers="Matchmaking-Veranstaltungen, Besuche von Pilotanlagen und Unterstützung bei Förderanträgen.",
         needs="Gesucht: Unternehmen mit Bedarf an Wasserstofftechnologie für Prozesswärme und Fahrzeuge.",
         keywords=["Wasserstoff", "Netzwerk", "Roadmap"]),
    dict(kind="public", name="Kreisagentur für Klimaschutz und Energie Soest", lang="de", city="Soest",
         text="Die Kreisagentur berät Unternehmen und Kommunen im Kreis Soest zu Energieeffizienz und Klimaschutz. "
              "Ein Programm fördert Energieaudits in kleinen Betrieben.",
         competences="Energieberatung, Klimaschutzkonzepte, Förderprogramme.",
         offers="Geförderte Energieaudits und Vermittlung von Beratern für eine CO2-neutrale Produktion.",
         needs="",
         keywords=["Klimaschutz", "Energieeffizienz", "CO2-neutral"]),
    dict(kind="public", name="Gründungsnetzwerk Hochschulen Ruhr-Sauerland", lang="de", city="Dortmund",
         text="Das Gründungsnetzwerk begleitet Ausgründungen aus Hochschulen im Ruhrgebiet und in Südwestfalen von der Idee bis zur ersten Finanzierung.",
         competences="Gründungsberatung, Coaching, Vermittlung von Investoren.",
         offers="Coaching, Räume in Gründerzentren und Kontakte zu Pilotkunden aus dem Mittelstand.",
         needs="Wir suchen Unternehmen, die Start-ups als Pilotkunden eine Chance geben.",
         keywords=["Gründung", "Start-up", "Transfer"]),
    dict(kind="public", name="Clustermanagement Gesundheitswirtschaft Siegen-Wittgenstein", lang="de", city="Siegen",
         text="Das Clustermanagement vernetzt Kliniken, Pflegeeinrichtungen, Medizintechnikhersteller und Hochschulen in Siegen-Wittgenstein.",
         competences="Netzwerkarbeit, Projektanbahnung, Fördermittel in der Gesundheitswirtschaft.",
         offers="Zugang zu Kliniken und Pflegeeinrichtungen als Testumgebung für Medizinprodukte.",
         needs="",
         keywords=["Gesundheitswirtschaft", "Medizintechnik", "Pflege", "Cluster"]),
    dict(kind="public", name="Holzcluster Hochsauerland", lang="de", city="Schmallenberg",
         text="Der Holzcluster vertritt Forstbetriebe, Sägewerke, Holzbauer und Möbelhersteller im Hochsauerland. "
              "Nach Sturm- und Käferschäden sucht die Branche neue Produkte aus Laubholz.",
         competences="Clustermanagement Forst und Holz, Marktstudien, Veranstaltungen.",
         offers="Kontakte in die gesamte Wertschöpfungskette Holz und Unterstützung bei Verbundprojekten.",
         needs="Gesucht: Forschung zu Holzwerkstoffen aus Buche und anderem Laubholz.",
         keywords=["Holz", "Cluster", "Laubholz", "Holzbau"]),
    dict(kind="public", name="Digitalagentur Hagen", lang="de", city="Hagen",
         text="Die Digitalagentur der Stadt unterstützt kleine Unternehmen bei Digitalisierung und IT-Sicherheit.",
         competences="Digitalisierungsberatung, IT-Sicherheit, Veranstaltungen.",
         offers="Kostenlose Sicherheits-Checks und Workshops zu Industrie 4.0.",
         needs="",
         keywords=["Digitalisierung", "IT-Sicherheit", "Industrie 4.0"]),
    dict(kind="other", name="Ingenieurverein Sauerland-Siegerland e.V.", lang="de", city="Meschede",
         text="Der Verein bietet Ingenieurinnen und Ingenieuren aus der Region Vorträge, Exkursionen und Erfahrungsaustausch. "
              "Arbeitskreise gibt es zu Fügetechnik, Kunststoff und Energie.",
         competences="Weiterbildung, Fachvorträge, Netzwerk von rund 1.200 Mitgliedern.",
         offers="Referentinnen und Referenten aus der Praxis, Räume für Veranstaltungen.",
         needs="Wir suchen Hochschulen, die aktuelle Forschung in unseren Arbeitskreisen vorstellen.",
         keywords=["Verein", "Weiterbildung", "Netzwerk"]),
    dict(kind="other", name="Business Angels Südwestfalen", lang=None, city="Siegen",
         text="Ein Kreis von Unternehmerinnen und Unternehmern, die in technologieorientierte Start-ups aus der Region investieren und sie als Mentoren begleiten.",
         competences="Frühphasenfinanzierung, Mentoring, Branchenkenntnis in Metall, Kunststoff und Maschinenbau.",
         offers="Beteiligungen von 50.000 bis 500.000 Euro und Zugang zu Pilotkunden.",
         needs="Gesucht: Start-ups aus Robotik, Wasserstoff und Industrie 4.0.",
         keywords=["Investoren", "Start-up", "Finanzierung"]),
    dict(kind="other", name="Coworking Lennewerk Altena", lang="de", city="Altena",
         text="In einer alten Drahtzieherei bietet das Lennewerk Arbeitsplätze, eine offene Werkstatt mit 3D-Druck und Lasercutter sowie Veranstaltungen.",
         competences="Offene Werkstatt, 3D-Druck, Veranstaltungen.",
         offers="Arbeitsplätze und Werkstattzeit für Gründerinnen, Gründer und Studierende.",
         needs="",
         keywords=["Coworking", "Makerspace", "3D-Druck"]),
    dict(kind="other", name="Stiftung Technikbildung Olpe", lang="de", city="Olpe",
         text="Die Stiftung fördert technische Bildung an Schulen im Kreis Olpe und vergibt jährlich einen Preis für Abschlussarbeiten mit regionalem Praxisbezug.",
         competences="Bildungsprojekte, MINT-Förderung, Preisvergabe.",
         offers="Preisgelder für Abschlussarbeiten mit Unternehmen aus der Region.",
         needs="",
         keywords=["Bildung", "MINT", "Stiftung"]),
    dict(kind="other", name="Euregio Innovation Desk Nijmegen", lang="en", city="Nijmegen",
         text="The desk helps Dutch and German SMEs find partners across the border and apply for Interreg funding.",
         competences="cross-border cooperation, Interreg funding, matchmaking.",
         offers="Partner search in the Netherlands, translation of project ideas and support with applications.",
         needs="We look for German research groups open to cross-border projects on lightweight design and hydrogen.",
         keywords=["Euregio", "cross-border", "Interreg"]),
]

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

rng = random.Random(SEED)

LOC_DE = {"DEA57": "im Hochsauerlandkreis", "DEA58": "im Märkischen Kreis", "DEA59": "im Kreis Olpe",
          "DEA5A": "in Siegen-Wittgenstein", "DEA5B": "im Kreis Soest", "DEA52": "in Dortmund", "DEA51": "in Bochum",
          "DEA53": "in Hagen", "DEA47": "im Kreis Paderborn", "NL213": "in Twente", "NL226": "in der Region Nijmegen",
          "AT312": "in Oberösterreich", "AT221": "in der Steiermark", "CH040": "im Kanton Zürich", "CH055": "in der Ostschweiz"}
LOC_EN = {"DEA57": "in the Hochsauerland district", "DEA58": "in the Märkischer Kreis district", "DEA59": "in the Olpe district",
          "DEA5A": "in Siegen-Wittgenstein", "DEA5B": "in the Soest district", "DEA52": "in Dortmund", "DEA51": "in Bochum",
          "DEA53": "in Hagen", "DEA47": "in the Paderborn district", "NL213": "in Twente", "NL226": "in the Nijmegen region",
          "AT312": "in Upper Austria", "AT221": "in Styria", "CH040": "in the canton of Zurich", "CH055": "in eastern Switzerland"}
AREA_DE = {"DE": "Südwestfalen und dem Ruhrgebiet", "NL": "der Euregio", "AT": "Österreich und Süddeutschland", "CH": "der Schweiz und Süddeutschland"}
AREA_EN = {"DE": "Südwestfalen and the Ruhr", "NL": "the Euregio", "AT": "Austria and southern Germany", "CH": "Switzerland and southern Germany"}


def join_de(xs):
    xs = list(xs)
    if len(xs) == 1:
        return xs[0]
    sep = " sowie " if any(" und " in x for x in xs) else " und "
    return ", ".join(xs[:-1]) + sep + xs[-1]


def join_en(xs):
    xs = list(xs)
    if len(xs) == 1:
        return xs[0]
    sep = " as well as " if any(" and " in x for x in xs) else " and "
    return ", ".join(xs[:-1]) + sep + xs[-1]


def cap(s):
    return s[:1].upper() + s[1:]


def jitter(lat, lon):
    """A point less than 2.5 km from (lat, lon), uniform in the disc."""
    r = 2.5 * math.sqrt(rng.random())
    th = rng.random() * 2 * math.pi
    dlat = r * math.cos(th) / 111.32
    dlon = r * math.sin(th) / (111.32 * math.cos(math.radians(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)


def dedupe_kw(kws, lo=3, hi=8):
    out, seen = [], set()
    for k in kws:
        if k and k.lower() not in seen:
            seen.add(k.lower())
            out.append(k)
    return out[:hi]


def swiss(s):
    """Swiss Standard German has no ß."""
    return s.replace("ß", "ss") if isinstance(s, str) else s


USED_NAMES = set()
USED_BRANDS = {"vitasense", "greifwerk", "lennewatt", "zwillingsfabrik", "kreislaufzelle"}


def unique(name):
    if name in USED_NAMES:
        return None
    USED_NAMES.add(name)
    return name


def topic_kw(keys, lang, n=1):
    out = []
    for k in keys:
        out += TOPIC[k]["kw_de" if lang == "de" else "kw_en"][:n]
    return out


# --------------------------------------------------------------------------------------------
# Companies
# --------------------------------------------------------------------------------------------

NL_FAMILIES = ["Van Dijk", "Mulder", "Bosman", "Ter Horst", "Kuipers", "Hendriks", "Oude Luttikhuis", "Nijhuis"]


def company_name(S, line, city, country, lang):
    region = CITIES[city][0]
    for _ in range(200):
        stem = rng.choice(line["stems"])
        if country == "NL":
            name = f"{rng.choice(NL_FAMILIES)} {cap(line['kw'][0][1])} B.V."
        else:
            legal = {"DE": ["GmbH"] * 6 + ["GmbH & Co. KG"] * 4 + ["KG"] * 2 + ["AG"], "AT": ["GmbH"], "CH": ["AG", "GmbH"]}[country]
            adj = CITIES[city][3]
            form = rng.random()
            if form < 0.35:
                name = f"{rng.choice(FAMILIES)} {stem} {rng.choice(legal)}"
            elif form < 0.55 and adj:
                name = f"{adj} {stem} {rng.choice(legal)}"
            elif form < 0.75 and region in LANDSCAPE:
                land = rng.choice(LANDSCAPE[region])
                sep = "-" if land in ("Lenne", "Volme", "Hellweg", "Ruhr", "Lippe", "Emscher", "Westfalen", "Paderland", "Ferndorf", "Rothaar", "Haarstrang") else " "
                if land == "Märkische":
                    name = f"Märkische {stem} {rng.choice(legal)}" if stem.endswith(("technik", "mechanik", "gießerei", "schmiede", "härterei", "behandlung", "verzinkerei", "zieherei", "automation")) else None
                    if name is None:
                        continue
                else:
                    name = f"{land}{sep}{stem} {rng.choice(legal)}"
            else:
                f1, f2 = rng.sample(FAMILIES, 2)
                name = f"{f1} & {f2} {stem} {rng.choice(legal)}"
        if country == "CH":
            name = swiss(name)
        if unique(name):
            return name
    raise RuntimeError("no unique company name")


def make_company(sector, line, city, country, lang):
    S = SECTORS[sector]
    region = CITIES[city][0]
    name = company_name(S, line, city, country, lang)
    short = name.rsplit(" ", 1)[0] if not name.endswith(("& Co. KG", "B.V.")) else name.split(" GmbH")[0].replace(" B.V.", "")
    big = rng.random() < 0.14
    emp = rng.choice(range(280, 2400, 20)) if big else rng.choice(list(range(12, 60)) + list(range(60, 245, 5)))
    year = rng.choice(range(1870, 2015))
    prods = rng.sample(line["products"], min(len(line["products"]), rng.choice([1, 2, 2])))
    caps = rng.sample(line["caps"], min(len(line["caps"]), 3))
    machines = rng.sample(line["machines"], min(len(line["machines"]), 2))
    mats = rng.sample(line["materials"], min(len(line["materials"]), 2))
    custs = rng.sample(S["customers"], 3)
    certs = rng.sample(line["certs"] or S["certs"], 2)
    nt = rng.sample(line["topics"], 2 if rng.random() < 0.55 else 1)
    i = 0 if lang == "de" else 1
    P = [p[i] for p in prods]
    C = [c[i] for c in caps]
    M = [m[i] for m in machines]
    MA = [m[i] for m in mats]
    CU = [c[i] for c in custs]

    sents = []
    if lang == "de":
        adj = rng.choice(["inhabergeführtes", "mittelständisches", "traditionsreiches", "familiengeführtes"])
        intro = [f"{name} ist ein {adj} Unternehmen aus {city} und fertigt seit {year} {join_de(P)}.",
                 f"Seit {year} entwickelt und produziert {short} in {city} {join_de(P)}.",
                 f"{name} mit Sitz in {city} ist Spezialist für {join_de(P)}."]
        if big:
            intro.append(f"{name} stellt {join_de(P)} her und gehört mit rund {emp} Beschäftigten zu den größeren Arbeitgebern {LOC_DE[region]}.")
        sents.append(rng.choice(intro))
        opt = [rng.choice([f"Mit rund {emp} Mitarbeitenden beliefert das Unternehmen {CU[0]} und {CU[1]}.",
                           f"Zu den Kunden zählen {join_de(CU)}.",
                           f"Das Unternehmen beschäftigt {emp} Menschen; die Exportquote liegt bei rund {rng.choice(range(15, 75, 5))} Prozent."]),
               rng.choice([f"Zum Maschinenpark gehören {join_de(M)}.", f"Im Einsatz sind {join_de(M)}."]),
               rng.choice([f"Verarbeitet werden vor allem {join_de(MA)}.", f"Typische Werkstoffe sind {join_de(MA)}."]),
               rng.choice([f"Das Unternehmen ist nach {certs[0]} zertifiziert.", f"Das Unternehmen ist nach {certs[0]} und {certs[1]} zertifiziert."])]
    else:
        where = f"in {city}"
        intro = [f"{name} is a family-owned company {where} that has been making {join_en(P)} since {year}.",
                 f"Founded in {year}, {short} develops and manufactures {join_en(P)} {where}.",
                 f"Based in {city}, {name} specialises in {join_en(P)}."]
        if big:
            intro.append(f"{name} makes {join_en(P)} and, with around {emp} employees, is one of the larger employers {LOC_EN[region]}.")
        sents.append(rng.choice(intro))
        opt = [rng.choice([f"With around {emp} employees, the company supplies {CU[0]} and {CU[1]}.",
                           f"Customers include {join_en(CU)}.",
                           f"The company employs {emp} people and exports about {rng.choice(range(15, 75, 5))} percent of its output."]),
               rng.choice([f"The machine park includes {join_en(M)}.", f"Its equipment includes {join_en(M)}."]),
               rng.choice([f"Typical materials are {join_en(MA)}.", f"The company mainly processes {join_en(MA)}."]),
               rng.choice([f"The company is certified to {certs[0]}.", f"The company is certified to {certs[0]} and {certs[1]}."])]
    k = rng.choice([1, 2, 2, 3, 3, 4])
    chosen = sorted(rng.sample(range(len(opt)), k))
    sents += [opt[j] for j in chosen]
    text = " ".join(sents)

    if lang == "de":
        competences = rng.choice([f"{cap(join_de(C))}.", f"Kernkompetenzen: {join_de(C)}.", f"Unsere Stärken: {join_de(C)}."])
        if rng.random() < 0.4:
            competences += f" Typische Werkstoffe: {join_de(MA)}."
    else:
        competences = rng.choice([f"{cap(join_en(C))}.", f"Core competences: {join_en(C)}.", f"Our strengths: {join_en(C)}."])
        if rng.random() < 0.4:
            competences += f" Typical materials: {join_en(MA)}."
    offs = rng.sample(S["offers"], rng.choice([1, 2]))
    offers = " ".join(o[i] for o in offs)
    if rng.random() < 0.3:
        offers += f" Auch als Dienstleistung: {C[0]}." if lang == "de" else f" Also available as a service: {C[0]}."

    needs = []
    for t in nt:
        needs.append(rng.choice(TOPIC[t]["need_de" if lang == "de" else "need_en"]))
    if len(needs) < 3 and rng.random() < 0.45:
        needs.append(rng.choice(CLOSERS_DE if lang == "de" else CLOSERS_EN))
    kws = [line["kw"][0][i]]
    if rng.random() < 0.5:
        kws.append(line["kw"][1][i])
    kws.append(S["kw"][i])
    for t in nt:
        tp = TOPIC[t]
        if lang == "de" and tp["compound"]:
            kws.append(tp["compound"])
        else:
            kws += (tp["kw_de"] if lang == "de" else tp["kw_en"])[:rng.choice([1, 2])]
    if rng.random() < 0.4:
        kws.append(certs[0])
    kws = dedupe_kw(kws)
    for extra in [line["kw"][1][i], certs[0]] + [k for t in nt for k in TOPIC[t]["kw_de" if lang == "de" else "kw_en"]]:
        if len(kws) >= 3:
            break
        kws = dedupe_kw(kws + [extra])
    return dict(kind="company", name=name, lang=lang, text=text, competences=competences, offers=offers,
                needs=" ".join(needs), keywords=dedupe_kw(kws), city=city, sme=emp < 250, _nt=nt, _sector=sector)


CLOSERS_DE = ["Denkbar ist ein gemeinsames Förderprojekt, zum Beispiel über ZIM.",
              "Wir freuen uns auch über Studierende für Praktika und Abschlussarbeiten.",
              "Ein erstes Gespräch im Betrieb ist jederzeit möglich.",
              "Budget für eine Machbarkeitsstudie ist vorhanden.",
              "Am liebsten arbeiten wir mit Partnern aus der Region zusammen."]
CLOSERS_EN = ["A joint funded project would be welcome.",
              "Students for internships and theses are welcome too.",
              "We are happy to host a first meeting on site.",
              "Budget for a feasibility study is available.",
              "We prefer partners from the region."]

# --------------------------------------------------------------------------------------------
# Universities and research institutes
# --------------------------------------------------------------------------------------------

UNITS = {
    "uni": [("Lehrstuhl für {f}", "Der Lehrstuhl", "Chair of {f}", "The chair"),
            ("Institut für {f}", "Das Institut", "Institute of {f}", "The institute"),
            ("Arbeitsgruppe {f}", "Die Arbeitsgruppe", "Research Group {f}", "The group")],
    "uas": [("Labor für {f}", "Das Labor", "Laboratory for {f}", "The lab"),
            ("Fachgebiet {f}", "Das Fachgebiet", "Research Group {f}", "The group")],
}
INSTITUTE_PATTERNS = [("Institut für {f} {loc}", "Das Institut", "Institute for {f} {loc}", "The institute"),
                      ("Forschungsinstitut für {f} {loc}", "Das Forschungsinstitut", "Research Institute for {f} {loc}", "The institute"),
                      ("Anwendungszentrum {f} {loc}", "Das Anwendungszentrum", "Application Centre {f} {loc}", "The centre"),
                      ("Technologiezentrum {f} {loc}", "Das Technologiezentrum", "Technology Centre {f} {loc}", "The centre")]

# theme names for "zum Thema ..." where the first keyword does not read well
THEME_DE = {"gebaeudetechnik": "Technik im Gebäude", "holzwerkstoffe": "Werkstoffe aus Holz", "werkstoff": "neue Werkstoffe",
            "co2neutral": "CO2-neutrale Produktion", "batterie_recycling": "Batterierecycling", "implantat": "Implantate",
            "moebel_digital": "digitale Möbelfertigung", "energie_gebaeude": "Wärmepumpen", "rezyklat": "Rezyklate",
            "korrosion": "Korrosionsschutz", "klebtechnik": "Klebtechnik", "robotik_ki": "KI in der Robotik",
            "medtech_sensor": "Wearables in der Pflege", "medtech_zulassung": "Zulassung von Medizinprodukten"}
THEME_EN = {"brennstoffzelle": "fuel cells", "beschichtung": "coatings", "co2neutral": "CO2-neutral manufacturing",
            "holzwerkstoffe": "wood-based materials", "moebel_digital": "digital furniture production", "korrosion": "corrosion protection",
            "robotik_ki": "AI for robotics", "medtech_zulassung": "medical device approval", "medtech_sensor": "wearable sensors"}
RESEARCH_NEEDS_DE = ["Wir suchen Unternehmen, die Bauteile, Daten oder Versuchsflächen für Verbundprojekte zum Thema {kw} einbringen.",
                     "Gesucht werden Industriepartner für ein geplantes Verbundprojekt zum Thema {kw}.",
                     "Für Abschlussarbeiten suchen wir Praxispartner aus der Industrie.",
                     "Wir suchen Anwender aus dem Mittelstand, die neue Verfahren im eigenen Betrieb erproben möchten."]
RESEARCH_NEEDS_EN = ["We are looking for companies that contribute parts, data or test sites to joint projects on {kw}.",
                     "We seek industrial partners for a planned collaborative project on {kw}.",
                     "We are looking for industry partners for student theses.",
                     "We look for SMEs that want to trial new methods in their own production."]
TRANSFER_DE = ["Transferprojekte reichen von Abschlussarbeiten über Machbarkeitsstudien bis zu geförderten Verbundprojekten.",
               "Besonders eng ist die Zusammenarbeit mit kleinen und mittleren Unternehmen aus {area}.",
               "In den vergangenen fünf Jahren entstanden so über {m} Projekte mit der Industrie."]
TRANSFER_EN = ["Transfer ranges from student theses and feasibility studies to publicly funded joint projects.",
               "The group works particularly closely with small and mid-sized companies from {area}.",
               "Over the past five years this has led to more than {m} projects with industry."]
EXTRA_OFFER_DE = ["Außerdem betreuen wir Abschlussarbeiten und bieten Weiterbildungen für Fachkräfte an.",
                  "Geräte und Labore können auch von Unternehmen gemietet werden.",
                  "Erstgespräche und kleine Machbarkeitsstudien sind über Innovationsgutscheine förderfähig."]
EXTRA_OFFER_EN = ["We also supervise theses and offer training for professionals.",
                  "Companies can also rent our equipment and labs.",
                  "Initial consultations and small feasibility studies can be funded through innovation vouchers."]


def research_texts(arch, subj, subj_lc_de, lang, kind, inst_dat, country):
    field_de, field_en, topics, focus_de, focus_en = arch
    labs = [TOPIC[t]["lab_de" if lang == "de" else "lab_en"] for t in topics]
    labs = rng.sample(labs, min(2, len(labs)))
    n = rng.choice(range(6, 45))
    if lang == "de":
        s = [focus_de.format(S=subj)]
        if kind == "university":
            s.append(rng.choice([f"Als Teil {inst_dat} beschäftigt {subj[0].lower() + subj[1:]} rund {n} wissenschaftliche Mitarbeitende.",
                                 f"Rund {n} Mitarbeitende forschen hier in öffentlich geförderten Projekten und im Auftrag von Unternehmen."]))
        else:
            s.append(f"Als gemeinnützige Forschungseinrichtung mit rund {n * 2} Beschäftigten arbeitet {subj[0].lower() + subj[1:]} überwiegend in Auftrags- und Verbundprojekten.")
        if len(labs) == 2 and rng.random() < 0.5:
            s.append(f"Zur Ausstattung gehören {labs[0]} sowie {labs[1]}.")
        else:
            s.append(rng.choice([f"Zur Ausstattung gehört {labs[0]}.", f"Für Versuche steht {labs[0]} zur Verfügung."]))
        if rng.random() < 0.6:
            s.append(rng.choice(TRANSFER_DE).format(area=AREA_DE[country], m=rng.choice(range(20, 120, 10))))
        comps = []
        for t in topics:
            comps += rng.sample(TOPIC[t]["comp_de"], min(2, len(TOPIC[t]["comp_de"])))
        competences = cap(rng.choice(["Schwerpunkte: {}.", "{}.", "Kompetenzen: {}."]).format(join_de(comps)))
        offers = [rng.choice(TOPIC[t]["offer_de"]) for t in topics]
        if len(offers) < 3 and rng.random() < 0.5:
            offers.append(rng.choice(EXTRA_OFFER_DE))
        needs = ""
        if rng.random() < 0.5:
            needs = rng.choice(RESEARCH_NEEDS_DE).format(kw=THEME_DE.get(topics[0], TOPIC[topics[0]]["kw_de"][0]))
        kws = [field_de] + [TOPIC[t]["kw_de"][0] for t in topics] + [TOPIC[topics[0]]["kw_de"][1]]
    else:
        s = [focus_en.format(S=subj)]
        if kind == "university":
            s.append(rng.choice([f"About {n} researchers work here on publicly funded projects and on contract research for companies.",
                                 f"The team of about {n} researchers is part of {inst_dat}."]))
        else:
            s.append(f"As a non-profit research organisation with about {n * 2} staff, it works mainly on contract and joint research.")
        if len(labs) == 2 and rng.random() < 0.5:
            s.append(f"The equipment includes {labs[0]} as well as {labs[1]}.")
        else:
            s.append(rng.choice([f"The equipment includes {labs[0]}.", f"{cap(labs[0])} {'are' if labs[0].endswith('s') else 'is'} available for trials."]))
        if rng.random() < 0.6:
            s.append(rng.choice(TRANSFER_EN).format(area=AREA_EN[country], m=rng.choice(range(20, 120, 10))))
        comps = []
        for t in topics:
            comps += rng.sample(TOPIC[t]["comp_en"], min(2, len(TOPIC[t]["comp_en"])))
        competences = cap(rng.choice(["Focus areas: {}.", "{}.", "Competences: {}."]).format(join_en(comps)))
        offers = [rng.choice(TOPIC[t]["offer_en"]) for t in topics]
        if len(offers) < 3 and rng.random() < 0.5:
            offers.append(rng.choice(EXTRA_OFFER_EN))
        needs = ""
        if rng.random() < 0.5:
            needs = rng.choice(RESEARCH_NEEDS_EN).format(kw=THEME_EN.get(topics[0], TOPIC[topics[0]]["kw_en"][0]))
        kws = [field_en] + [TOPIC[t]["kw_en"][0] for t in topics] + [TOPIC[topics[0]]["kw_en"][1] if len(TOPIC[topics[0]]["kw_en"]) > 1 else "research"]
    return " ".join(s), competences, " ".join(offers), needs, dedupe_kw(kws)


def make_university(arch, inst_key, city, lang):
    inst = INSTITUTIONS[inst_key]
    unit = rng.choice(UNITS[inst["typ"]])
    field_de, field_en = arch[0], arch[1]
    campus = len(inst["cities"]) > 1
    if lang == "de":
        name = unit[0].format(f=field_de) + f" ({inst['name']}" + (f", Campus {city})" if campus else ")")
        subj = unit[1]
    else:
        name = unit[2].format(f=field_en) + f", {inst['name']}" + (f", Campus {city}" if campus else "")
        subj = unit[3]
    if not unique(name):
        return None
    inst_ref = inst["dat"] if lang == "de" else inst["name"]
    text, comp, off, needs, kws = research_texts(arch, subj, None, lang, "university", inst_ref, CITIES_COUNTRY(city))
    return dict(kind="university", name=name, lang=lang, text=text, competences=comp, offers=off, needs=needs,
                keywords=kws, city=city, _ot=list(arch[2]), _arch=field_de)


def make_institute(arch, city, lang):
    for _ in range(20):
        pat = rng.choice(INSTITUTE_PATTERNS)
        loc = rng.choice([city, city, "Südwestfalen" if CITIES[city][0] in SWF else city])
        if lang == "de":
            name, subj = pat[0].format(f=arch[0], loc=loc), pat[1]
        else:
            name, subj = pat[2].format(f=arch[1], loc=loc), pat[3]
        if unique(name):
            break
    else:
        return None
    text, comp, off, needs, kws = research_texts(arch, subj, None, lang, "research", None, CITIES_COUNTRY(city))
    return dict(kind="research", name=name, lang=lang, text=text, competences=comp, offers=off, needs=needs,
                keywords=kws, city=city, _ot=list(arch[2]), _arch=arch[0])


def CITIES_COUNTRY(city):
    return REGIONS[CITIES[city][0]][3]


# --------------------------------------------------------------------------------------------
# Start-ups
# --------------------------------------------------------------------------------------------

STARTUP_NEEDS_DE = ["Wir suchen Pilotkunden aus {sect} für einen ersten Praxiseinsatz.",
                    "Für die nächste Finanzierungsrunde suchen wir Investoren und strategische Partner.",
                    "Gesucht: ein Fertigungspartner für Kleinserien unserer Hardware.",
                    "Wir suchen Zugang zu Testflächen und Daten in realen Betrieben aus {sect}.",
                    "Wir suchen eine Hochschule als Partner für ein gemeinsames Förderprojekt."]
STARTUP_NEEDS_EN = ["We are looking for pilot customers in {sect} for a first field deployment.",
                    "For our next funding round we are looking for investors and strategic partners.",
                    "We need a manufacturing partner for small series of our hardware.",
                    "We are looking for test sites and real-world data from companies in {sect}.",
                    "We are looking for a university partner for a joint funded project."]
SPINOFF = {"Siegen": "usi", "Olpe": "usi", "Kreuztal": "usi", "Iserlohn": "hsh", "Meschede": "hsh", "Soest": "hsh", "Lüdenscheid": "hsh",
           "Hagen": "hsh", "Arnsberg": "hsh", "Lippstadt": "hsh", "Dortmund": "twr", "Bochum": "rub", "Paderborn": "upl", "Enschede": "hta"}


def make_startup(arch, city, lang):
    for _ in range(100):
        pre, suf = rng.choice(arch["pre"]), rng.choice(arch["suf"])
        if pre.lower() in suf.lower() or suf.lower() in pre.lower():
            continue
        nm = pre[0].upper() + pre[1:] + suf
        if nm.lower() in USED_BRANDS:
            continue
        legal = {"DE": rng.choice(["GmbH", "GmbH", "UG (haftungsbeschränkt)"]), "NL": "B.V.", "CH": "AG", "AT": "GmbH"}[CITIES_COUNTRY(city)]
        name = f"{nm} {legal}"
        if unique(name):
            USED_BRANDS.add(nm.lower())
            break
    year = rng.choice(range(2016, 2025))
    team = rng.choice(range(3, 28))
    i = rng.randrange(len(arch["prod_de"]))
    inst = INSTITUTIONS.get(SPINOFF.get(city, ""), None)
    sect_i = rng.randrange(len(arch["sect_de"]))
    if lang == "de":
        prod, prod2 = arch["prod_de"][i], arch["prod_de"][1 - i]
        sect = arch["sect_de"][sect_i]
        s = [f"{nm} ist eine Ausgründung aus {inst['dat']} und wurde {year} in {city} gegründet." if inst and rng.random() < 0.7
             else f"{nm} wurde {year} in {city} gegründet."]
        s.append(rng.choice([f"Das {team}-köpfige Team entwickelt {prod}.", f"{nm} entwickelt {prod}."]))
        s.append(rng.choice([f"Erste Pilotprojekte laufen mit Unternehmen aus {sect}.",
                             f"Ein Prototyp ist bei einem Kunden aus {sect} im Einsatz.",
                             f"Im Jahr {min(2025, year + 1)} hat das Unternehmen eine Seed-Finanzierung abgeschlossen."]))
        comps = []
        for t in arch["topics"]:
            comps += rng.sample(TOPIC[t]["comp_de"], min(2, len(TOPIC[t]["comp_de"])))
        competences = cap(join_de(comps)) + "."
        offers = f"Angebot: {prod2}. " + rng.choice(["Dazu kommen Machbarkeitstests mit Teilen und Daten der Kunden.",
                                                       "Wir bieten kostenlose Potenzialanalysen für Pilotkunden an.",
                                                       TOPIC[arch["topics"][0]]["offer_de"][0]])
        needs = " ".join(rng.sample(STARTUP_NEEDS_DE, 2)).format(sect=sect)
        kws = [k[0] for k in arch["kw"]] + [TOPIC[t]["kw_de"][0] for t in arch["topics"]] + ["Start-up"]
    else:
        prod, prod2 = arch["prod_en"][i], arch["prod_en"][1 - i]
        sect = arch["sect_en"][sect_i]
        s = [f"{nm} was founded in {year} in {city} as a spin-off of {inst['name']}." if inst and rng.random() < 0.7
             else f"{nm} was founded in {city} in {year}."]
        s.append(rng.choice([f"The team of {team} develops {prod}.", f"{nm} develops {prod}."]))
        s.append(rng.choice([f"First pilot projects are running with companies in {sect}.",
                             f"A prototype is in use at a customer in {sect}.",
                             f"In {min(2025, year + 1)} the company closed a seed round."]))
        comps = []
        for t in arch["topics"]:
            comps += rng.sample(TOPIC[t]["comp_en"], min(2, len(TOPIC[t]["comp_en"])))
        competences = cap(join_en(comps)) + "."
        offers = f"Offer: {prod2}. " + rng.choice(["Plus feasibility tests with customer parts and data.",
                                                     "We offer free potential analyses for pilot customers.",
                                                     TOPIC[arch["topics"][0]]["offer_en"][0]])
        needs = " ".join(rng.sample(STARTUP_NEEDS_EN, 2)).format(sect=sect)
        kws = [k[1] for k in arch["kw"]] + [TOPIC[t]["kw_en"][0] for t in arch["topics"]] + ["start-up"]
    return dict(kind="startup", name=name, lang=lang, text=" ".join(s), competences=competences, offers=offers,
                needs=needs, keywords=dedupe_kw(kws), city=city, _ot=list(arch["topics"]))


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------

KIND_LETTER = {"company": "c", "university": "u", "research": "r", "startup": "s", "public": "p", "other": "o"}
FIELDS = ["id", "kind", "name", "lang", "text", "competences", "offers", "needs", "keywords",
          "country", "region", "city", "lat", "lon", "sme"]


def build():
    profiles = []
    for f in FLAGSHIPS:
        p = dict(f)
        p.setdefault("needs", "")
        for nm in [p["name"]]:
            USED_NAMES.add(nm)
        p["_flagship"] = True
        profiles.append(p)
    # put the agency (quotes + multi-line field) into the CSV sample
    agency = next(p for p in profiles if p["name"] == "Transferagentur Sauerland-Siegerland")
    profiles.remove(agency)
    profiles.insert(6, agency)

    # companies: per sector 5 per Südwestfalen district, +1 in the sector's home district,
    # one each in Dortmund, Bochum, Hagen, Paderborn, and one cross-border
    home = {"auto": "DEA58", "metall": "DEA5A", "gebaeude": "DEA57", "kunststoff": "DEA58", "medtech": "DEA5A", "holz": "DEA57"}
    abroad = {"auto": "Enschede", "metall": "Linz", "gebaeude": "St. Gallen", "kunststoff": "Nijmegen", "medtech": "Zürich", "holz": "Graz"}
    city_by_region = {}
    for c, v in CITIES.items():
        city_by_region.setdefault(v[0], []).append(c)
    companies = []
    for sector, S in SECTORS.items():
        slots = [r for r in SWF for _ in range(5)] + [home[sector], "DEA52", "DEA51", "DEA53", "DEA47"]
        cities = [rng.choice(city_by_region[r]) for r in slots] + [abroad[sector]]
        lines = []
        for c in cities:
            if not lines:
                lines = list(S["lines"])
                rng.shuffle(lines)
            line = lines.pop()
            country = CITIES_COUNTRY(c)
            lang = "en" if country == "NL" else "de" if country in ("AT", "CH") else ("en" if rng.random() < 0.17 else "de")
            companies.append(make_company(sector, line, c, country, lang))
    rng.shuffle(companies)
    profiles += companies

    # universities
    used = {"usi": {"Leichtbau und Faserverbundtechnik", "Werkstoffkunde"},
            "hsh": {"Oberflächentechnik", "Wasserstoff- und Energiesystemtechnik", "Gebäude- und Energietechnik"},
            "twr": {"Maschinelles Lernen in der Produktion"}, "rub": {"Fahrzeugsensorik"}, "upl": {"Kunststofftechnik"}, "hta": set()}
    slots = ["usi"] * 9 + ["hsh"] * 11 + ["twr"] * 7 + ["rub"] * 5 + ["upl"] * 4 + ["hta"]
    rcities = ["Lüdenscheid", "Siegen", "Dortmund", "Paderborn", "Iserlohn", "Attendorn", "Arnsberg", "Bochum", "Soest",
               "Meschede", "Hagen", "Lippstadt", "Olpe", "Menden", "Brilon", "Dortmund", "Bochum", "Bad Berleburg", "Linz"]
    # every archetype once, then a second time except for a few whose topics are covered elsewhere
    first = list(ARCHETYPES)
    rng.shuffle(first)
    once = {"Industrielle IT-Sicherheit", "Energieeffiziente Fabrik", "Tribologie", "Mechatronik"}
    second = [a for a in ARCHETYPES if a[0] not in once]
    rng.shuffle(second)
    pool = first + second
    assert len(pool) == len(slots) + len(rcities), (len(pool), len(slots) + len(rcities))
    campus_i = 0
    for inst_key in slots:
        arch = next(a for a in pool if a[0] not in used[inst_key])
        pool.remove(arch)
        used[inst_key].add(arch[0])
        inst = INSTITUTIONS[inst_key]
        city = inst["cities"][campus_i % len(inst["cities"])]
        if len(inst["cities"]) > 1:
            campus_i += 1
        lang = "en" if inst_key == "hta" else ("en" if rng.random() < 0.45 else "de")
        p = make_university(arch, inst_key, city, lang)
        assert p, arch
        profiles.append(p)

    # research institutes
    for city, arch in zip(rcities, pool):
        country = CITIES_COUNTRY(city)
        lang = "de" if country == "AT" else ("en" if rng.random() < 0.33 else "de")
        p = make_institute(arch, city, lang)
        assert p, arch
        profiles.append(p)

    # start-ups
    scities = ["Siegen", "Dortmund", "Bochum", "Paderborn", "Hagen", "Iserlohn", "Soest", "Meschede", "Lüdenscheid", "Arnsberg",
               "Olpe", "Lippstadt", "Dortmund", "Bochum", "Siegen", "Paderborn", "Zürich", "Enschede", "Dortmund", "Siegen",
               "Kreuztal", "Bochum", "Iserlohn", "Paderborn", "Dortmund", "Hagen", "Soest", "Attendorn", "Siegen", "Bochum"]
    sarchs = list(STARTUPS)
    rng.shuffle(sarchs)
    for j, city in enumerate(scities):
        country = CITIES_COUNTRY(city)
        lang = "en" if country == "NL" else "de" if country == "CH" else ("en" if rng.random() < 0.5 else "de")
        profiles.append(make_startup(sarchs[j % len(sarchs)], city, lang))

    # ids, geography, language omission
    counters = Counter()
    out = []
    for p in profiles:
        city = p["city"]
        region, lat, lon, _ = CITIES[city]
        prefix, country = REGIONS[region][2], REGIONS[region][3]
        letter = KIND_LETTER[p["kind"]]
        counters[(prefix, letter)] += 1
        pid = f"{prefix}-{letter}-{counters[(prefix, letter)]:03d}"
        jl, jo = jitter(lat, lon)
        lang = p.get("lang")
        if lang and rng.random() < 0.1:
            lang = None
        rec = OrderedDict()
        rec["id"] = pid
        rec["kind"] = p["kind"]
        rec["name"] = p["name"]
        if lang:
            rec["lang"] = lang
        for f in ("text", "competences", "offers", "needs"):
            rec[f] = p.get(f, "")
        rec["keywords"] = p["keywords"]
        rec["country"] = country
        rec["region"] = region
        rec["city"] = city
        rec["lat"] = jl
        rec["lon"] = jo
        rec["sme"] = p.get("sme") if p["kind"] == "company" else None
        if country == "CH":
            for f in ("name", "text", "competences", "offers", "needs"):
                rec[f] = swiss(rec[f])
            rec["keywords"] = [swiss(k) for k in rec["keywords"]]
        meta = {"nt": p.get("_nt", []), "ot": p.get("_ot", []), "flagship": p.get("_flagship", False),
                "sector": p.get("_sector"), "text_lang": p.get("lang")}
        out.append((rec, meta))
    return out


def derive_pairs(out, n=40):
    partners = [(r, m) for r, m in out if r["kind"] in ("university", "research") and m["ot"]]
    cands = []
    for r, m in out:
        if r["kind"] != "company" or not m["nt"]:
            continue
        rel = sorted(pr["id"] for pr, pm in partners if set(pm["ot"]) & set(m["nt"]))
        if 1 <= len(rel) <= (15 if m["flagship"] else 10):
            cands.append((r, m, rel))
    chosen = [c for c in cands if c[1]["flagship"]]
    rest = [c for c in cands if not c[1]["flagship"]]
    rng.shuffle(rest)
    per_sector = Counter()
    for c in rest:
        if len(chosen) >= n:
            break
        if per_sector[c[1]["sector"]] < (n - 15) // 6 + 1:
            per_sector[c[1]["sector"]] += 1
            chosen.append(c)
    return [OrderedDict([("query", r["id"]), ("relevant", rel), ("topics", m["nt"])]) for r, m, rel in chosen]


# --------------------------------------------------------------------------------------------
# Compound-word cases: verified against the output
# --------------------------------------------------------------------------------------------

COMPOUND_CASES = [
    ("Wasserstofftechnologie", ["Wasserstoff"], "company writes the compound, partners write Wasserstoff (+ Technologie)"),
    ("Werkstofftechnologien", ["Werkstoff"], "company writes the compound, partners write Werkstoff und Technologie(n)"),
    ("Gebäudetechnik", ["Gebäude", "Technik"], "company writes the compound, partners write Technik im Gebäude"),
    ("Kunststoffspritzguss", ["Spritzguss"], "company writes the compound, partners write Spritzguss / Kunststoff"),
    ("Oberflächenbeschichtung", ["Beschichtung", "Beschichtungen"], "company writes the compound, partners write Beschichtung der Oberfläche"),
    ("Leichtbaukonstruktion", ["Leichtbau"], "company writes the compound, partners write Konstruktion im Leichtbau"),
    ("Brennstoffzellensystem", ["Brennstoffzelle"], "company writes Brennstoffzellensysteme, partners write Brennstoffzelle + Systeme"),
    ("Holzwerkstoffe", ["Holz"], "company writes the compound, partners write Werkstoffe aus Holz"),
    ("Batterierecycling", ["Batterien"], "vice versa: partners write the compound, companies write Recycling von Batterien"),
    ("Straßenbau", ["Strassenbau"], "ß/ss: German profiles write Straßenbau, the Swiss institute Strassenbau"),
    ("Schweißtechnik", ["Schweisstechnik"], "ß/ss: German profiles write Schweißtechnik, Swiss profiles Schweisstechnik"),
    ("Industrie 4.0", [], "token with a space and a number"),
    ("3D-Druck", [], "hyphenated token with a digit"),
    ("C++", [], "token with symbols"),
    ("CO2-neutral", [], "hyphenated token with a digit"),
    ("Digital Twin", [], "English term used in German and English profiles; German ones also write digitaler Zwilling"),
    ("Machine Learning", [], "English term shared by German company and English research profiles"),
    ("LiDAR", [], "mixed-case acronym shared across languages"),
]


def profile_text(rec):
    return " ".join([rec["name"], rec["text"], rec["competences"], rec["offers"], rec["needs"], " ".join(rec["keywords"])])


def compound_stats(out):
    import re
    rows = []
    for comp, parts, note in COMPOUND_CASES:
        has_c = [r["id"] for r, _ in out if comp.lower() in profile_text(r).lower()]
        has_p = []
        if parts:
            for r, _ in out:
                t = profile_text(r)
                if comp.lower() in t.lower():
                    continue
                if any(re.search(r"(?<![\w-])" + re.escape(p) + r"(?![\w])", t, re.IGNORECASE) for p in parts):
                    has_p.append(r["id"])
        rows.append((comp, parts, note, has_c, has_p))
    return rows


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def csv_value(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return ";".join(v)
    return str(v)


def write_csv(records, path):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(FIELDS)
    for r in records:
        w.writerow([csv_value(r.get(f)) for f in FIELDS])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")


def table(rows, header):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda r: "| " + " | ".join(str(x).ljust(w) for x, w in zip(r, widths)) + " |"
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows])


def counts(out):
    recs = [r for r, _ in out]
    kinds = Counter(r["kind"] for r in recs)
    langs = Counter(r.get("lang", "(omitted)") for r in recs)
    tlangs = Counter(m["text_lang"] or "de" for _, m in out)
    regions = Counter(r["region"] for r in recs)
    countries = Counter(r["country"] for r in recs)
    by_rk = Counter((r["region"], r["kind"]) for r in recs)
    sectors = Counter(m["sector"] or "(flagship)" for r, m in out if r["kind"] == "company")
    return recs, kinds, langs, tlangs, regions, countries, by_rk, sectors


README_HEAD = """# scoutmatch demo data

Fictional competence profiles of companies, university chairs, research institutes, start-ups
and public bodies in **Südwestfalen** (Germany) and its neighbours (Dortmund, Bochum, Hagen,
Paderborn, and a few cross-border profiles from the Netherlands, Austria and Switzerland). They
are meant for trying out scoutmatch: indexing, matching, filtering by kind, country, NUTS region
and distance, and the `eval` command.

* **Everything here is fictional.** All organisations, people and numbers were invented for
  scoutmatch; the texts were written for this project from hand-written building blocks and are
  not copied from any source. Universities and institutes carry invented names (for example
  "Universität Siegerland", "Hochschule Sauerland-Hellweg", "Technische Universität
  Westfalen-Ruhr", "Ruhrtal-Universität Bochum", "Universität Paderborner Land"); any
  resemblance to real organisations is unintended. Towns, NUTS codes and coordinates are real.
* **Licence:** same as the project (MIT, see `LICENSE` in the repository root).
* **Reproducible:** `python3 data/demo/generate.py` rewrites every file in this directory
  (standard library only, fixed seed {seed}). Do not edit the generated files by hand; change
  the building blocks in `generate.py` instead.

## Files

| File | Content |
|------|---------|
| `generate.py` | the generator: building blocks, {nflag} hand-written flagship profiles, assembly |
| `profiles.jsonl` | {n} profiles, one JSON object per line, UTF-8 (real umlauts and ß) |
| `profiles_sample.csv` | the first {ncsv} profiles as CSV (RFC 4180, CRLF line ends) |
| `pairs.jsonl` | {npairs} evaluation queries with their relevant partners |
| `README.md` | this file (also generated) |

## Fields

| Field | Type | Notes |
|-------|------|-------|
| `id` | string | `<area>-<kind letter>-<nnn>`: area `swf` (Südwestfalen), `do` Dortmund, `bo` Bochum, `ha` Hagen, `pb` Paderborn, `nl`, `at`, `ch`; kind letter `c` company, `u` university, `r` research, `s` start-up, `p` public, `o` other |
| `kind` | string | `company`, `university`, `research`, `startup`, `public` or `other` |
| `name` | string | organisation name (fictional) |
| `lang` | string | `de` or `en`; **left out** for about 10 % of the profiles so that language detection is exercised |
| `text` | string | 2–5 sentences of free description |
| `competences` | string | what the organisation can do |
| `offers` | string | what it offers to partners (one profile uses a multi-line list) |
| `needs` | string | what it is looking for; often empty for research groups |
| `keywords` | list of strings | 3–8 short tags; in CSV joined with `;` |
| `country` | string | ISO 3166 alpha-2: `DE`, `NL`, `AT`, `CH` |
| `region` | string | NUTS-3 code (NUTS 2021) of the district, e.g. `DEA5A` |
| `city` | string | real town in that district |
| `lat`, `lon` | number | WGS 84 degrees, the town centre jittered by less than 2.5 km |
| `sme` | bool or null | companies: fewer than 250 employees; `null` for all other kinds |

In the CSV sample, `sme` is written `true`/`false` (empty for null), a missing `lang` is an
empty cell, and fields containing commas, quotes or line breaks are quoted as RFC 4180 requires.

### Regions

All `DEA5x` codes belong to Regierungsbezirk Arnsberg (NUTS-2 `DEA5`); Südwestfalen is the five
districts `DEA57`–`DEA5B`, so the region prefix `DEA5` selects Südwestfalen plus Dortmund, Bochum
and Hagen, and the prefixes `DEA57`…`DEA5B` select single districts.

| Code | District | Towns used |
|------|----------|------------|
{region_rows}

## Counts

Printed by `generate.py` on every run.

### By kind

{kind_table}

### By language

{lang_table}

The `lang` field is omitted for {omitted} profiles; their texts are German or English as
shown in the second table ("text language").

### By region and kind

{region_table}

### Companies by sector

{sector_table}

## How the texts are built

`generate.py` holds {ntopics} **topics** (e.g. lightweight design, hydrogen, injection moulding,
predictive maintenance, LiDAR, BIM). Each topic has, in German and English, several sentences a
*company* would write when it needs the topic, sentences a *research group* would write when it
offers it, competence phrases, a lab description and keywords. Companies are assembled from six
sectors (automotive suppliers, metal and machine building, building technology, plastics and
materials, health and medical technology, wood and furniture), each with several business lines
(name stems, products, capabilities, machines, materials, certifications, customers, topics).
Research groups come from {narch} field archetypes (each with 2–3 topics) instantiated at the
fictional universities and as institutes; start-ups come from {nstart} archetypes (AI for
robotics, predictive maintenance, hydrogen, battery recycling, digital twins, medtech, ...).
A company's `needs` are sentences of 1–2 of its line's topics; a research group's `offers`
contain one offer sentence for each of its topics.

## Evaluation pairs (`pairs.jsonl`)

Each line is `{{"query": <company id>, "relevant": [<ids>], "topics": [<topic keys>]}}`.
They are derived by construction, not by running the engine:

1. Every company has 1–2 *need topics* (the topics whose sentences make up its `needs`).
2. Every university chair and research institute has 2–3 *offer topics* (one offer sentence
   each, plus the matching competence phrases).
3. `relevant` is the set of all university and research profiles whose offer topics intersect
   the company's need topics. Start-ups, public bodies and other companies are not listed even
   when they fit, so the lists are a lower bound of what is relevant.
4. All {nflagq} hand-written flagship companies are included (they have 3–15 relevant
   partners); the rest are drawn (fixed seed) from the generated companies, spread over the six
   sectors, keeping only companies with 1–10 relevant partners. Relevant partners per query:
   {relstats}.

The `topics` field is informational; `eval` only needs `query` and `relevant`.

## Compound-word cases

German compounds are written on one side and split into their parts on the other, so that
matching only works with compound splitting (or with ß/ss folding). Counts are profiles that
contain the compound form / profiles that only contain the part form (checked on the output).

{compound_table}
"""


def main():
    out = build()
    recs = [r for r, _ in out]
    ids = [r["id"] for r in recs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    names = [r["name"] for r in recs]
    assert len(names) == len(set(names)), "duplicate names"
    for r in recs:
        assert 3 <= len(r["keywords"]) <= 8, (r["id"], r["keywords"])
        assert r["text"] and r["competences"] and r["offers"], r["id"]
    # every need topic must be offered by at least two research/university profiles
    offered = Counter(t for r, m in out if r["kind"] in ("university", "research") for t in m["ot"])
    needed = Counter(t for r, m in out if r["kind"] == "company" for t in m["nt"])
    for t in needed:
        assert offered[t] >= 2, (t, offered[t])

    with open(HERE / "profiles.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    ncsv = 12
    write_csv(recs[:ncsv], HERE / "profiles_sample.csv")
    pairs = derive_pairs(out)
    with open(HERE / "pairs.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for p in pairs:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")

    recs, kinds, langs, tlangs, regions, countries, by_rk, sectors = counts(out)
    kind_order = ["company", "university", "research", "startup", "public", "other"]
    kind_table = table([[k, kinds[k]] for k in kind_order] + [["total", len(recs)]], ["kind", "profiles"])
    tl = Counter()
    for r, m in out:
        tl[(r.get("lang", "(omitted)"), m["text_lang"] or "de")] += 1
    lang_rows = [[l, langs[l], tl[(l, "de")], tl[(l, "en")]] for l in ["de", "en", "(omitted)"]]
    lang_table = table(lang_rows + [["total", len(recs), tlangs["de"], tlangs["en"]]], ["lang field", "profiles", "text language de", "text language en"])
    reg_rows = []
    for code in REGIONS:
        if regions[code]:
            reg_rows.append([code, REGIONS[code][0]] + [by_rk[(code, k)] for k in kind_order] + [regions[code]])
    reg_rows.append(["", "total"] + [kinds[k] for k in kind_order] + [len(recs)])
    region_table = table(reg_rows, ["region", "name"] + kind_order + ["total"])
    sec_label = {k: v["label"][0] for k, v in SECTORS.items()}
    sector_table = table([[sec_label.get(k, k), sectors[k]] for k in list(SECTORS) + ["(flagship)"]], ["sector", "companies"])
    region_rows = []
    towns_used = OrderedDict()
    for r in recs:
        towns_used.setdefault(r["region"], [])
        if r["city"] not in towns_used[r["region"]]:
            towns_used[r["region"]].append(r["city"])
    for code in REGIONS:
        if code in towns_used:
            region_rows.append(f"| `{code}` | {REGIONS[code][0]} | {', '.join(sorted(towns_used[code]))} |")
    crow = []
    for comp, parts, note, has_c, has_p in compound_stats(out):
        crow.append([f"`{comp}`", ", ".join(f"`{p}`" for p in parts) or "–", len(has_c), len(has_p) if parts else "–", note])
    compound_table = table(crow, ["compound / token", "part form(s)", "profiles with compound", "profiles with parts only", "case"])
    nflag = sum(1 for _, m in out if m["flagship"])
    readme = README_HEAD.format(
        seed=SEED, nflag=nflag, n=len(recs), ncsv=ncsv, npairs=len(pairs), region_rows="\n".join(region_rows),
        kind_table=kind_table, lang_table=lang_table, omitted=langs["(omitted)"], region_table=region_table,
        sector_table=sector_table, ntopics=len(TOPICS), narch=len(ARCHETYPES), nstart=len(STARTUPS),
        nflagq=sum(1 for r, m in out if m["flagship"] and r["kind"] == "company"), compound_table=compound_table,
        relstats=f"min {min(len(p['relevant']) for p in pairs)}, mean {sum(len(p['relevant']) for p in pairs) / len(pairs):.1f}, max {max(len(p['relevant']) for p in pairs)}")
    (HERE / "README.md").write_text(readme, encoding="utf-8")

    print(f"wrote {len(recs)} profiles, {len(pairs)} pairs to {HERE}")
    print("\nby kind:\n" + kind_table)
    print("\nby language:\n" + lang_table)
    print("\nby region:\n" + region_table)
    print("\ncompanies by sector:\n" + sector_table)
    print("\ncompound cases:\n" + compound_table)
    print("\ncountries:", dict(countries))
    rel = [len(p["relevant"]) for p in pairs]
    print(f"pairs: {len(pairs)} queries, relevant per query min {min(rel)} / mean {sum(rel) / len(rel):.1f} / max {max(rel)}")
    if "--check" in sys.argv:
        for r in recs[:3]:
            print(json.dumps(r, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
