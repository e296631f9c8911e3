from django.apps import AppConfig

# The parts of a version, by audit entity name and plain-English label.
PART_ENTITIES = {
    "definition": "Definition",
    "concern_type": "Concern type",
    "indicator": "Indicator",
    "pathway": "Response pathway",
    "responsibility": "Responsibility",
    "dimension": "Assessment dimension",
    "factor": "Assessment factor",
    "rating_level": "Rating level",
}


class ConsensusConfig(AppConfig):
    name = "consensus"
    verbose_name = "Our agreement"

    def ready(self):
        from audit.actions import register_actions

        actions = {
            "consensus.version.drafted": "Agreement draft started",
            "consensus.version.changed": "Agreement draft summary changed",
            "consensus.version.discarded": "Agreement draft discarded",
            "consensus.version.submitted": "Agreement sent for sign-off",
            "consensus.version.returned": "Agreement returned to draft",
            "consensus.version.signed_off": "Agreement signed off",
            "consensus.version.published": "Agreement published",
            "consensus.version.superseded": "Agreement superseded",
            "consensus.timescales.changed": "Agreement timescales changed",
        }
        for entity, label in PART_ENTITIES.items():
            actions[f"consensus.{entity}.added"] = f"{label} added to agreement draft"
            actions[f"consensus.{entity}.changed"] = f"{label} changed in agreement draft"
            actions[f"consensus.{entity}.removed"] = f"{label} removed from agreement draft"
        register_actions(actions)
