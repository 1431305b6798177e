"""Invented names and places for the demo. Names are combined at random from short lists of
common given and family names, so nobody real is meant; providers are made-up projects."""

from __future__ import annotations

import random

GIVEN = (
    "Aaron",
    "Adam",
    "Ade",
    "Alfie",
    "Amir",
    "Andre",
    "Ashley",
    "Ben",
    "Bilal",
    "Callum",
    "Carl",
    "Connor",
    "Craig",
    "Dale",
    "Danny",
    "Darren",
    "Dean",
    "Declan",
    "Dwayne",
    "Eddie",
    "Elliot",
    "Emeka",
    "Errol",
    "Faisal",
    "Finn",
    "Gary",
    "Glen",
    "Harvey",
    "Idris",
    "Imran",
    "Jack",
    "Jamal",
    "Jason",
    "Jay",
    "Joel",
    "Jordan",
    "Kai",
    "Karl",
    "Kemi",
    "Kofi",
    "Kyle",
    "Lee",
    "Leon",
    "Liam",
    "Luca",
    "Luke",
    "Marcus",
    "Mark",
    "Mason",
    "Mo",
    "Nathan",
    "Neil",
    "Noel",
    "Olu",
    "Oscar",
    "Owen",
    "Paul",
    "Reece",
    "Rhys",
    "Ricky",
    "Ryan",
    "Sam",
    "Scott",
    "Sean",
    "Shane",
    "Stefan",
    "Terry",
    "Theo",
    "Tom",
    "Tony",
    "Troy",
    "Tyler",
    "Wes",
    "Zak",
)
FAMILY = (
    "Adeyemi",
    "Ahmed",
    "Akhtar",
    "Allen",
    "Asante",
    "Bailey",
    "Barker",
    "Bennett",
    "Boateng",
    "Brooks",
    "Campbell",
    "Carter",
    "Clarke",
    "Cole",
    "Cooper",
    "Davies",
    "Dixon",
    "Doyle",
    "Edwards",
    "Ellis",
    "Evans",
    "Fletcher",
    "Foster",
    "Grant",
    "Green",
    "Hall",
    "Harris",
    "Hayes",
    "Hughes",
    "Hunt",
    "Jackson",
    "James",
    "Kaur",
    "Kelly",
    "Khan",
    "Kowalski",
    "Lewis",
    "Lloyd",
    "Marsh",
    "Mason",
    "Mensah",
    "Mills",
    "Morgan",
    "Murphy",
    "Nowak",
    "Okafor",
    "Osei",
    "Owusu",
    "Palmer",
    "Parker",
    "Patel",
    "Pearce",
    "Price",
    "Quinn",
    "Reid",
    "Reynolds",
    "Richards",
    "Riley",
    "Robinson",
    "Ross",
    "Shaw",
    "Simpson",
    "Stone",
    "Taylor",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "Webb",
    "Wells",
    "White",
    "Wood",
    "Wright",
    "Young",
)
FAMILY_GIVEN = (
    "Amy",
    "Chloe",
    "Dee",
    "Emma",
    "Grace",
    "Jade",
    "Kim",
    "Leah",
    "Mia",
    "Nia",
    "Rosa",
    "Sade",
    "Tia",
    "Zara",
)
WINGS = ("HB1", "HB2", "HB3", "HB4", "HB5")
LANGUAGES = ("English", "Polish", "Romanian", "Somali", "Portuguese", "Yoruba")
AREAS = ("Southwark", "Lambeth", "Lewisham", "Greenwich", "Bexley", "Croydon", "Bromley")
WORKERS = ("fw.okoro", "fw.bennett", "fw.shah")

# (name, area, address, supervisor, [(role, capacity, hours a week, disclosure level)])
PROVIDERS = (
    (
        "Peckham Rye Community Garden",
        "Southwark",
        "2 Rye Lane, London SE15",
        "Garden lead",
        [("Garden volunteer", 4, 12, "basic"), ("Tool shed keeper", 2, 8, "none")],
    ),
    (
        "Brixton Recovery Cafe",
        "Lambeth",
        "41 Coldharbour Lane, London SW9",
        "Cafe manager",
        [("Kitchen volunteer", 3, 16, "basic"), ("Peer support host", 2, 10, "standard")],
    ),
    (
        "Woolwich Furniture Reuse",
        "Greenwich",
        "9 Powis Street, London SE18",
        "Warehouse lead",
        [("Van assistant", 3, 20, "basic"), ("Workshop volunteer", 3, 15, "none")],
    ),
    (
        "Lewisham Food Share",
        "Lewisham",
        "77 Loampit Vale, London SE13",
        "Volunteer coordinator",
        [("Food bank volunteer", 4, 12, "none")],
    ),
    (
        "Croydon Bike Workshop",
        "Croydon",
        "15 Surrey Street, Croydon CR0",
        "Head mechanic",
        [("Bike mechanic trainee", 2, 16, "basic")],
    ),
    (
        "Medway Recovery Hub",
        "Medway",
        "3 High Street, Chatham ME4",
        "Hub coordinator",
        [("Recovery champion", 3, 12, "standard"), ("Reception volunteer", 2, 8, "basic")],
    ),
    (
        "Guildford Riverside Trust",
        "Surrey",
        "6 Millbrook, Guildford GU1",
        "Ranger",
        [("Conservation volunteer", 4, 14, "none")],
    ),
    (
        "Dartford Men's Shed",
        "Kent",
        "21 Hythe Street, Dartford DA1",
        "Shed organiser",
        [("Woodwork volunteer", 3, 10, "none")],
    ),
)


def person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(GIVEN), rng.choice(FAMILY)


def family_name_for(rng: random.Random, surname: str) -> str:
    return f"{rng.choice(FAMILY_GIVEN)} {surname}"


def prison_number(rng: random.Random, taken: set[str]) -> str:
    """A NOMIS-shaped number (letter, four digits, two letters) not used yet."""
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    while True:
        number = (
            f"{rng.choice('ABG')}{rng.randrange(10000):04d}"
            f"{rng.choice(letters)}{rng.choice(letters)}"
        )
        if number not in taken:
            taken.add(number)
            return number


def providers() -> list[dict]:
    return [
        {
            "name": name,
            "area": area,
            "address": address,
            "supervisor": supervisor,
            "opportunities": [
                {"role_title": r, "capacity": c, "hours_per_week": h, "disclosure_level": d}
                for r, c, h, d in roles
            ],
        }
        for name, area, address, supervisor, roles in PROVIDERS
    ]
