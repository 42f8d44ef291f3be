"""Prints template.yaml after the SAM transform (as CloudFormation would run it) as JSON.

Arguments: the template path, then the parameter values as one JSON object. Local CodeUri paths become
s3://lead-router-artifacts/<path>, as `sam package` would upload them; AWS managed policies are not looked up.
"""
import json
import sys

from cfnlint.decode.cfn_yaml import load
from samtranslator.translator.transform import transform


class NoManagedPolicies:
    def load(self):
        return {}


def plain(value):
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


template = plain(load(sys.argv[1]))
parameters = json.loads(sys.argv[2])
for resource in template.get("Resources", {}).values():
    properties = resource.get("Properties") or {}
    code_uri = properties.get("CodeUri")
    if resource.get("Type") == "AWS::Serverless::Function" and isinstance(code_uri, str) \
            and not code_uri.startswith("s3://"):
        properties["CodeUri"] = "s3://lead-router-artifacts/" + code_uri
json.dump(transform(template, parameters, NoManagedPolicies()), sys.stdout, indent=1, default=str)
