#!/usr/bin/env python3
"""A real SPARQL 1.1 Protocol client against `newsgraph serve` (used by tests/it/serve.rs):
SPARQLWrapper for SELECT in JSON, XML, CSV and TSV, ASK and CONSTRUCT; the standard library's
csv reader for CSV and TSV; rdflib for the CONSTRUCT graph; a syntax error and an update
refused. Prints one JSON object with what it saw."""
import csv
import io
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

import rdflib
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

endpoint = sys.argv[1]
LABELS = "SELECT ?e ?label WHERE { ?e a ng:Country ; skos:prefLabel ?label } ORDER BY ?label"
out = {}


def client(query, fmt):
    s = SPARQLWrapper(endpoint)
    s.setQuery(query)
    s.setReturnFormat(fmt)
    return s.query().convert()


res = client(LABELS, JSON)
out["json_rows"] = len(res["results"]["bindings"])
assert any(b["label"]["value"] == "China" for b in res["results"]["bindings"])
doc = client(LABELS, XML)  # a parsed DOM: the XML is well-formed
out["xml_rows"] = len(doc.getElementsByTagName("result"))
rows = list(csv.reader(io.StringIO(client(LABELS, CSV).decode("utf-8"))))
assert rows[0] == ["e", "label"], rows[0]
out["csv_rows"] = len(rows) - 1
rows = list(csv.reader(io.StringIO(client(LABELS, TSV).decode("utf-8")), delimiter="\t"))
assert rows[0] == ["?e", "?label"], rows[0]
out["tsv_rows"] = len(rows) - 1
out["ask"] = client("ASK { ?x ng:opposes ?y }", JSON)["boolean"]
ttl = client("CONSTRUCT { ?x ng:partnersWith ?y } WHERE { ?x ng:partnersWith ?y }", TURTLE)
g = rdflib.Graph()
g.parse(data=ttl, format="turtle")
out["construct_triples"] = len(g)
try:
    client("SELECT * WHERE { ?s ?p }", JSON)
    out["syntax_error"] = None
except QueryBadFormed:
    out["syntax_error"] = "QueryBadFormed"
req = urllib.request.Request(
    endpoint,
    data=urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode(),
    headers={"Content-Type": "application/x-www-form-urlencoded"},
)
try:
    urllib.request.urlopen(req)
    out["update_status"] = 200
except urllib.error.HTTPError as e:
    out["update_status"] = e.code
print(json.dumps(out))
