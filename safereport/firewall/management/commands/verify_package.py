"""Check a signed SafeReport document (a police referral, a reporter's receipt, a visit's assurance letter), as JSON or inside its PDF."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safereport.firewall import document_check
from safereport.vault import signing


def read_document(path: Path) -> dict:
    try:
        if path.stat().st_size > document_check.MAX_BYTES:
            raise CommandError(f"{path} is too large to be a SafeReport package.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"No such file: {path}") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is a directory, not a file.") from None
    except PermissionError:
        raise CommandError(f"{path} cannot be read (permission denied).") from None
    try:
        return document_check.read(data)
    except document_check.Unreadable as exc:
        raise CommandError(f"{path}: {exc}") from None


def _object(parent: dict, key: str) -> dict:
    """A nested object of a document that was verified but may still be oddly shaped."""
    value = parent.get(key)
    return value if isinstance(value, dict) else {}


def _package_header(title: str, package: dict) -> list[str]:
    return [
        f"Document:     {title}",
        f"Reference:    {package.get('reference')}",
        f"From:         {package.get('from_organisation')}",
        f"To:           {package.get('recipient')}",
    ]


def describe(payload: dict) -> list[str]:
    """What the signed document says it is, in a few lines a caseworker or officer can read."""
    if payload.get("kind") == "receipt":
        return [
            "Document:     proof of reporting (receipt)",
            f"Reference:    {payload.get('reference')}",
            f"Reported on:  {payload.get('reported_on')}",
            f"Crime type:   {payload.get('crime_type_label')} ({payload.get('crime_type')})",
            f"Received by:  {payload.get('organisation')}",
            f"Issued on:    {payload.get('issued_on')}",
        ]
    if payload.get("kind") == "visit_assurance":
        visit, station, agreement = _object(payload, "visit"), _object(payload, "station"), _object(payload, "agreement")
        advocate = _object(payload, "advocate")
        commitments = [str(code) for code in agreement.get("commitments") or []]
        return [
            "Document:     assurance letter for a supported police visit",
            f"Reference:    {payload.get('reference')}",
            f"From:         {payload.get('organisation')}",
            f"Force:        {payload.get('force')}",
            f"Station:      {station.get('name')}, {station.get('address')}",
            f"Visit:        {visit.get('date')} {visit.get('time')}",
            f"Agreement:    version {agreement.get('version')}, agreed {agreement.get('agreed_on')}: {', '.join(commitments)}",
            "Advocate:     "
            + " ".join(str(v) for v in (advocate.get("name"), f"<{advocate.get('email')}>", advocate.get("phone")) if v),
            f"Issued on:    {payload.get('issued_on')} (letter in {payload.get('language')})",
        ]
    package = _object(payload, "package")
    if payload.get("kind") == "police_referral":
        crime = _object(package, "crime")
        return _package_header("police referral (firewalled disclosure package)", package) + [
            f"Generated at: {package.get('generated_at')}",
            f"Crime type:   {crime.get('type_label')} ({crime.get('type')})",
            f"Contains:     {'narrative (redacted), ' if 'narrative' in package else ''}"
            f"{'contact details, ' if package.get('contact') else ''}crime facts",
        ]
    if payload.get("kind") == "compelled_disclosure":
        basis = _object(package, "legal_basis")
        disclosed = [str(name) for name in package.get("disclosed_fields") or []]
        if "crime" in package and "crime_facts" not in disclosed:
            disclosed.insert(0, "crime_facts")  # packages made before crime facts were listed by name
        return _package_header("disclosure under legal compulsion (dual control)", package) + [
            f"Legal basis:  {basis.get('kind')} (register entry {basis.get('request')})",
            f"Disclosed:    {', '.join(disclosed) or 'nothing beyond the case reference'}",
        ]
    return [f"Document:     of kind {payload.get('kind')!r}, which this version does not describe"]


class Command(BaseCommand):
    help = (
        "Verify FILE: a SafeReport signed document (.json), or a PDF that carries one as an attachment. Checks the "
        "format and the Ed25519 signature over the canonical JSON, and whether this installation knows the signing "
        "key. Prints who signed it and what it is. Exits 1 if the file is missing, unreadable, malformed, altered or "
        "badly signed. A valid signature by a key unknown here is reported with its fingerprint and verify key to "
        "compare with the organisation by another channel; --require-known-key makes that an error too."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument(
            "--require-known-key", action="store_true", help="fail unless the signing key is one this installation knows"
        )

    def handle(self, *args, **options):
        document = read_document(options["file"])
        verification = signing.verify_document(document)
        if not verification.ok or verification.signer is None:  # a verified document always names its signer
            raise CommandError(f"NOT VERIFIED: {verification.reason}")
        signer = verification.signer
        lines = [
            f"VERIFIED: {verification.reason}",
            *describe(verification.payload),
            f"Signed by:    {signer['organisation']} (as named in the document)",
            f"Fingerprint:  {signer['fingerprint']}",
            f"Verify key:   {signer['verify_key']}",
        ]
        if verification.key == signing.KEY_UNCHECKED:
            lines.append(
                "Key:          NOT CHECKED: no SafeReport database here. Compare the fingerprint and verify key "
                f"above with {signer['organisation']} by phone or letter."
            )
        elif verification.known:
            lines.append(f"Key:          KNOWN to this installation ({verification.key} key of {verification.key_organisation})")
        else:
            lines.append(
                "Key:          NOT KNOWN to this installation: the document is only self-consistent. Ask "
                f"{signer['organisation']} to confirm the fingerprint and verify key above by phone or letter."
            )
        self.stdout.write("\n".join(lines))
        if options["require_known_key"] and not verification.known:
            raise CommandError("The signing key is not known to this installation (--require-known-key).")
