"""The message that carries a survivor's story: the story is kept (sealed) in Waypost, so the
message itself need not stay in the chat, where anyone holding the phone could read it."""

from __future__ import annotations

from bot.engine.actions import ActionContext, ActionRegistry
from bot.texts import N_

DELETING = N_("I am deleting the message with your story from this chat.")
STILL_THERE = N_("The message with your story may still be in this chat.")
BY_HAND = N_("If you still see it, press and hold it. Then tap Delete.")


def register_story_message_actions(registry: ActionRegistry) -> None:
    @registry.register("remember_story_message", None)
    def remember_story_message(context: ActionContext, _: None) -> None:
        """Note which message holds the story (run by the input that saves it)."""
        context.state.story_message = context.message_ref

    @registry.register("delete_story_message", None)
    def delete_story_message(context: ActionContext, _: None) -> None:
        """Ask the channel to remove the story's message from the chat; the channel may no
        longer be able to (Telegram allows 48 hours), so say how to do it by hand too."""
        message = context.state.story_message
        context.state.story_message = None
        if message is None:
            context.say(STILL_THERE)
        else:
            context.delete_from_chat.append(message)
            context.say(DELETING)
        context.say(BY_HAND)
