"""Returned questionnaires (workbooks or CSV files) to validated vendor profiles."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from vendorscore.model.vendor import VendorProfile
from vendorscore.scoring.questions import Questionnaire

__all__ = ["RESPONSE_SUFFIXES", "ImportedResponse", "read_response"]

RESPONSE_SUFFIXES = (".xlsx", ".csv")


class ImportedResponse(NamedTuple):
    """One returned questionnaire, validated: the profile and where it came from."""

    profile: VendorProfile
    file: str
    sha256: str
    answered: int  # answers read (list items and table cells counted one by one)
    criteria_sha256: str  # the criteria the questionnaire was made for ("" for a CSV)


def read_response(path: Path, questionnaire: Questionnaire) -> ImportedResponse:
    """The profile in a returned questionnaire; VendorScoreError lists every problem, located."""
    if path.suffix.lower() == ".csv":
        from vendorscore.inputs.rfp_csv import read_csv

        response, digest = read_csv(path, questionnaire)
        criteria_sha256 = ""
    else:
        from vendorscore.inputs.rfp_workbook import read_workbook

        response, digest, criteria_sha256 = read_workbook(path, questionnaire)
    profile = response.profile()
    return ImportedResponse(profile, str(path), digest, response.answered, criteria_sha256)
