"""Checks a JUnit XML file with code the harness did not write.

Usage: python check_junit.py PYTEST_SDIST JUNIT_XML

1. Validates JUNIT_XML with `xmlschema` (PyPI) against the Jenkins xUnit plugin's
   `junit-10.xsd`, read byte for byte from inside PYTEST_SDIST, pytest's source
   distribution (`testing/example_scripts/junit-10.xsd`, MIT): the schema pytest checks its
   own default JUnit output against, shipped by a package pinned by hash in
   `junit-schema.txt`. Nothing is extracted or edited. The file is validated twice: as
   written, and with the `<properties>` of every `<testcase>` removed, so that the one
   extension the harness uses cannot hide other errors (xmlschema stops checking an
   element's children at its first unexpected child).
2. Reads JUNIT_XML back with `junitparser` (PyPI) in its `xunit2` flavour, the one modelled
   on that schema, which also reads `<testcase>` properties.

Prints one JSON line with what both found and exits 0, whatever they found: judging it is
the calling test's job. Exits 2 when the input cannot be read.

This file is a test fixture: it reports what third-party code sees and adds no checks of
its own.
"""

import hashlib
import importlib.metadata
import json
import sys
import tarfile
import xml.etree.ElementTree as ET

import xmlschema
from junitparser import xunit2

SCHEMA_MEMBER = "testing/example_scripts/junit-10.xsd"


def read_schema(sdist_path):
    """The XSD as shipped inside the sdist, and the member it was read from."""
    with tarfile.open(sdist_path, "r:gz") as sdist:
        # The sdist's top directory is `pytest-VERSION/`; match below it.
        members = [m for m in sdist.getmembers() if m.name.endswith("/" + SCHEMA_MEMBER)]
        if len(members) != 1:
            raise ValueError(f"{sdist_path} holds {len(members)} copies of {SCHEMA_MEMBER}")
        data = sdist.extractfile(members[0]).read()
    return members[0].name, data


def errors_of(schema, source):
    return [{"path": e.path, "reason": e.reason} for e in schema.iter_errors(source)]


def without_testcase_properties(path):
    tree = ET.parse(path)
    for case in tree.getroot().iter("testcase"):
        for properties in case.findall("properties"):
            case.remove(properties)
    return tree


def result_of(result):
    return {
        "kind": result._tag,
        "message": result.message,
        "type": result.type,
        "text": result.text,
    }


def case_of(case):
    return {
        "name": case.name,
        "classname": case.classname,
        "time": case.time,
        "passed": case.is_passed,
        "results": [result_of(r) for r in case.result],
        "properties": [[p.name, p.value] for p in case.properties()],
        "system_out": case.system_out,
        "system_err": case.system_err,
    }


def suite_of(suite):
    # The counts as written come first: junitparser fills in an absent count or time by
    # recounting the suite, which overwrites every count with its own.
    written = {
        "name": suite.name,
        "tests": suite.tests,
        "failures": suite.failures,
        "errors": suite.errors,
        "skipped": suite.skipped,
        "timestamp": suite.timestamp,
        "hostname": suite.hostname,
    }
    cases = list(suite)
    return {
        **written,
        "counted": {
            "tests": len(cases),
            "failures": sum(c.is_failure for c in cases),
            "errors": sum(c.is_error for c in cases),
            "skipped": sum(c.is_skipped for c in cases),
        },
        "time": suite.time,
        "properties": [[p.name, p.value] for p in suite.properties()],
        "cases": [case_of(c) for c in cases],
    }


def root_of(document):
    # Read before any suite: an absent root count or time makes junitparser recount.
    return {
        "name": document.name,
        "tests": document.tests,
        "failures": document.failures,
        "errors": document.errors,
    }


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    sdist_path, junit_path = argv[1], argv[2]
    try:
        member, xsd = read_schema(sdist_path)
        schema = xmlschema.XMLSchema(xsd.decode("utf-8"))
        errors = errors_of(schema, junit_path)
        errors_without = errors_of(schema, without_testcase_properties(junit_path))
        document = xunit2.JUnitXml.fromfile(junit_path)
    except (OSError, ValueError, ET.ParseError, xmlschema.XMLSchemaException) as e:
        print(f"cannot check {junit_path}: {e}", file=sys.stderr)
        return 2
    outcome = {
        "schema": {
            "sdist": sdist_path.rsplit("/", 1)[-1],
            "member": member,
            "sha256": hashlib.sha256(xsd).hexdigest(),
        },
        "validator": {"name": "xmlschema", "version": importlib.metadata.version("xmlschema")},
        "errors": errors,
        "errors_without_testcase_properties": errors_without,
        "consumer": {"name": "junitparser", "version": importlib.metadata.version("junitparser")},
        "testsuites": root_of(document),
        "suites": [suite_of(s) for s in document],
    }
    # ASCII-only JSON: the caller's decoding of stdout cannot garble non-ASCII text.
    print(json.dumps(outcome, ensure_ascii=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
