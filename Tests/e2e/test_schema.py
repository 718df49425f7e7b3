"""Editors validate SOPs against grammar/sop.schema.json: every shipped tree must pass it too."""
import json
import re

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    """YAML 1.2 booleans, as editors read them: `on:` is a key, not `true`; keys are text, as in JSON."""


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def textual_keys(node):
    if isinstance(node, dict):
        return {(str(k).lower() if isinstance(k, bool) else str(k)): textual_keys(v) for k, v in node.items()}
    if isinstance(node, list):
        return [textual_keys(v) for v in node]
    return node


def test_shipped_trees_match_the_schema(root):
    schema = json.loads((root / "grammar" / "sop.schema.json").read_text())
    paths = sorted((root / "trees").glob("*.sop.yaml"))
    assert paths, "no shipped trees found"
    problems = []
    for path in paths:
        doc = textual_keys(yaml.load(path.read_text(), Loader=Loader))
        problems += [f"{path.name}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]
    assert problems == []
