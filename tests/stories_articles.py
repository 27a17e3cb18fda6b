"""Invented articles for the story tests: two ferry accidents, three outlets each.

Every place, person, vessel and number here is made up. The two events are of the same
kind and share their vocabulary; their towns, vessels, years and tolls differ, and each
outlet words its report in its own way.
"""

from __future__ import annotations

# Event A: the ferry "Saltmarsh Queen" off Brennick, March 2019, 14 dead.
BRENNICK = (
    (
        "Fourteen dead as Saltmarsh Queen ferry capsizes off Brennick",
        "The passenger ferry Saltmarsh Queen capsized in heavy swell off Brennick on Sunday "
        "night, and the coastguard said fourteen people had died. Rescue boats from Brennick "
        "harbour pulled 63 survivors from the water. Captain Ilsa Marrow, who commanded the "
        "vessel, was among those rescued. The Brennick coastguard said the Saltmarsh Queen "
        "had been carrying 77 passengers in March 2019 when a wave struck her side.",
    ),
    (
        "Brennick mourns victims of Saltmarsh Queen disaster",
        "Residents of Brennick gathered at the harbour on Monday to mourn the fourteen people "
        "who drowned when the Saltmarsh Queen overturned. Investigators said the ferry, "
        "skippered by Ilsa Marrow, was overloaded when it left Brennick with 77 passengers. "
        "The mayor of Brennick declared three days of mourning for March 2019.",
    ),
    (
        "Saltmarsh Queen captain questioned after Brennick sinking",
        "Police in Brennick questioned Ilsa Marrow, captain of the Saltmarsh Queen, after the "
        "ferry sank with 77 people on board and fourteen lost their lives. Survivors told "
        "reporters in Brennick that water flooded the car deck within minutes. Officials said "
        "63 passengers survived the accident, the worst at Brennick since records began.",
    ),
)

# Event B: the ferry "Northern Tallis" near Ostravel, August 2023, 5 dead.
OSTRAVEL = (
    (
        "Five killed when Northern Tallis ferry overturns near Ostravel",
        "The ferry Northern Tallis overturned near Ostravel on Thursday morning, killing five "
        "passengers, the regional police said. Rescue teams at Ostravel recovered 41 people "
        "alive. The vessel's owner, Gerrit Vandamme of Tallis Lines, said the Northern Tallis "
        "had passed an inspection in August 2023, weeks before the accident.",
    ),
    (
        "Ostravel ferry accident: Tallis Lines faces inquiry",
        "Tallis Lines, the operator of the Northern Tallis, faces an inquiry after five people "
        "died when its ferry capsized near Ostravel. Gerrit Vandamme, the company's owner, told "
        "reporters in Ostravel that the crew had followed every rule. The coastguard said 41 "
        "survivors were taken to hospital in Ostravel in August 2023.",
    ),
    (
        "Divers search Northern Tallis wreck off Ostravel",
        "Navy divers searched the wreck of the Northern Tallis off Ostravel on Friday, a day "
        "after the ferry sank and five passengers died. Gerrit Vandamme of Tallis Lines said "
        "the company would pay for the funerals. Officials in Ostravel said 41 passengers had "
        "survived and praised fishermen who joined the rescue in August 2023.",
    ),
)
