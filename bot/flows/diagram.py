"""A Mermaid diagram of a flow, so administrators can see its shape at a glance."""

from __future__ import annotations

from bot.flowmodel.flowset import FlowSet
from bot.flows.loader import targets


def mermaid(flows: FlowSet, flow_id: str) -> str:
    """Nodes of one flow, with the nodes of other flows they lead to drawn as links out."""
    flow = flows.flows[flow_id]
    lines = ["flowchart TD"]
    for node in flow.nodes:
        first_words = node.say[0].text if node.say else node.id
        lines.append(f'    {node.id}["{node.id}<br/>{_short(first_words)}"]')
    for node in flow.nodes:
        for button in node.buttons:
            if button.goto is not None:
                lines.append(f'    {node.id} -- "{_short(button.label, 24)}" --> {button.goto}')
        others = [t for t in targets(node) if t not in {b.goto for b in node.buttons}]
        lines.extend(f"    {node.id} --> {target}" for target in others)
    outside = {
        target
        for node in flow.nodes
        for target in targets(node)
        if flows.flow_of_node.get(target) != flow_id
    }
    lines.extend(f"    {target}(({target}))" for target in sorted(outside))
    return "\n".join(lines)


def _short(text: str, limit: int = 32) -> str:
    text = text.replace('"', "'").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
