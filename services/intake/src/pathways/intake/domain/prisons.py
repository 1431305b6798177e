"""Reference list of the prisons of the English and Welsh estate (NOMIS agency codes).

Only codes we are confident of are listed; closed prisons (Holloway, Reading, Kennet, Glen
Parva …) are left out. Adding a prison is a one-line change here.
"""

from __future__ import annotations

from pathways.platform.errors import InvalidInput

PRISONS: dict[str, str] = {
    # London
    "BAI": "HMP Belmarsh",
    "BXI": "HMP Brixton",
    "PVI": "HMP Pentonville",
    "WWI": "HMP Wandsworth",
    "WSI": "HMP Wormwood Scrubs",
    "TSI": "HMP Thameside",
    "ISI": "HMP/YOI Isis",
    "FMI": "HMP/YOI Feltham",
    # South east
    "HOI": "HMP High Down",
    "DWI": "HMP/YOI Downview",
    "BZI": "HMP/YOI Bronzefield",
    "CLI": "HMP Coldingley",
    "SDI": "HMP/YOI Send",
    "MSI": "HMP Maidstone",
    "EYI": "HMP Elmley",
    "SLI": "HMP Swaleside",
    "EHI": "HMP Standford Hill",
    "RCI": "HMP/YOI Rochester",
    "ESI": "HMP/YOI East Sutton Park",
    "CKI": "HMP/YOI Cookham Wood",
    "LWI": "HMP Lewes",
    "FDI": "HMP Ford",
    "WCI": "HMP Winchester",
    "IWI": "HMP Isle of Wight",
    "BNI": "HMP Bullingdon",
    "HCI": "HMP Huntercombe",
    "AYI": "HMP/YOI Aylesbury",
    "SPI": "HMP Spring Hill",
    "GNI": "HMP Grendon",
    "WHI": "HMP Woodhill",
    "MTI": "HMP The Mount",
    "BFI": "HMP Bedford",
    # East of England
    "CDI": "HMP/YOI Chelmsford",
    "NWI": "HMP/YOI Norwich",
    "BRI": "HMP Bure",
    "WLI": "HMP Wayland",
    "HPI": "HMP Highpoint",
    "WII": "HMP Warren Hill",
    "HBI": "HMP/YOI Hollesley Bay",
    "LTI": "HMP Littlehey",
    "WRI": "HMP Whitemoor",
    "PBI": "HMP Peterborough",
    "PFI": "HMP Peterborough (female)",
    # South west
    "BLI": "HMP Bristol",
    "LYI": "HMP Leyhill",
    "EWI": "HMP/YOI Eastwood Park",
    "ASI": "HMP Ashfield",
    "EEI": "HMP Erlestoke",
    "DAI": "HMP Dartmoor",
    "EXI": "HMP Exeter",
    "CWI": "HMP Channings Wood",
    "GMI": "HMP/YOI Guys Marsh",
    "PDI": "HMP/YOI Portland",
    "VEI": "HMP The Verne",
    # Midlands
    "BMI": "HMP Birmingham",
    "HEI": "HMP Hewell",
    "LLI": "HMP Long Lartin",
    "SFI": "HMP Stafford",
    "SHI": "HMP/YOI Stoke Heath",
    "DHI": "HMP/YOI Drake Hall",
    "DGI": "HMP Dovegate",
    "BSI": "HMP/YOI Brinsford",
    "OWI": "HMP Oakwood",
    "FSI": "HMP Featherstone",
    "SNI": "HMP/YOI Swinfen Hall",
    "WNI": "HMP/YOI Werrington",
    "MHI": "HMP Morton Hall",
    "LII": "HMP Lincoln",
    "NSI": "HMP North Sea Camp",
    "NMI": "HMP Nottingham",
    "LGI": "HMP Lowdham Grange",
    "RNI": "HMP Ranby",
    "WTI": "HMP Whatton",
    "SUI": "HMP Sudbury",
    "FHI": "HMP/YOI Foston Hall",
    "SKI": "HMP Stocken",
    "GTI": "HMP Gartree",
    "LCI": "HMP Leicester",
    "FWI": "HMP Fosse Way",
    "ONI": "HMP Onley",
    "RHI": "HMP Rye Hill",
    "FYI": "HMP Five Wells",
    # North west
    "LPI": "HMP Liverpool",
    "ACI": "HMP/YOI Altcourse",
    "MRI": "HMP Manchester",
    "FBI": "HMP/YOI Forest Bank",
    "RSI": "HMP Risley",
    "TCI": "HMP/YOI Thorn Cross",
    "STI": "HMP/YOI Styal",
    "BCI": "HMP Buckley Hall",
    "HII": "HMP/YOI Hindley",
    "GHI": "HMP Garth",
    "WMI": "HMP Wymott",
    "PNI": "HMP Preston",
    "KMI": "HMP Kirkham",
    "LFI": "HMP Lancaster Farms",
    "HVI": "HMP Haverigg",
    # North east, Yorkshire and the Humber
    "DMI": "HMP Durham",
    "FKI": "HMP Frankland",
    "LNI": "HMP/YOI Low Newton",
    "HHI": "HMP Holme House",
    "DTI": "HMP/YOI Deerbolt",
    "KVI": "HMP Kirklevington Grange",
    "NLI": "HMP Northumberland",
    "HLI": "HMP Hull",
    "HMI": "HMP Humber",
    "FNI": "HMP Full Sutton",
    "WEI": "HMP Wealstun",
    "WDI": "HMP Wakefield",
    "LEI": "HMP Leeds",
    "NHI": "HMP/YOI New Hall",
    "AGI": "HMP/YOI Askham Grange",
    "WYI": "HMYOI Wetherby",
    "DNI": "HMP/YOI Doncaster",
    "LHI": "HMP Lindholme",
    "MDI": "HMP/YOI Moorland",
    "HDI": "HMP/YOI Hatfield",
    # Wales
    "CFI": "HMP Cardiff",
    "SWI": "HMP Swansea",
    "PRI": "HMP/YOI Parc",
    "UKI": "HMP Usk",
    "UPI": "HMP Prescoed",
    "BWI": "HMP Berwyn",
}

# Open (Category D and women's open) prisons: where ROTL is normal practice.
OPEN_PRISONS: frozenset[str] = frozenset(
    {"FDI", "LYI", "HBI", "NSI", "EHI", "SUI", "KMI", "TCI", "KVI", "HDI", "SPI", "UPI"}
    | {"ESI", "AGI"}
)


def is_known_prison(code: str) -> bool:
    """True when `code` (exact, upper case) is a prison in the reference list."""
    return code in PRISONS


def is_open_prison(code: str) -> bool:
    """True when `code` is an open (Cat D or women's open) prison."""
    return code in OPEN_PRISONS


def prison_name(code: str) -> str:
    """The prison's name; raises InvalidInput for a code not in the reference list."""
    return PRISONS[validate_prison_code(code)]


def validate_prison_code(raw: str) -> str:
    """Normalise (strip, upper-case) and check a prison code against the reference list."""
    code = raw.strip().upper() if isinstance(raw, str) else ""
    if not is_known_prison(code):
        raise InvalidInput(
            f"prison code {raw!r} is not a known prison of the English and Welsh estate",
            code="unknown_prison_code",
        )
    return code
