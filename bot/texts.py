"""Survivor-facing lines that belong to the engine rather than to a flow.

Each is marked with ``N_`` so ``pybabel extract -k N_`` collects it for translators; the engine
translates it for the survivor at the moment it is said.
"""


def N_(text: str) -> str:
    return text


STALE_BUTTON = N_("That button is from an older message. Here is the menu.")
BUTTON_GONE = N_("That choice is not here any more. Please choose again.")
USE_BUTTONS = N_("Please choose one of the buttons.")
CONSENT_FIRST = N_("To do this, Waypost needs your OK first.")
GREETING = N_("Hello. I am here to help. Choose a button, or type your question.")
THANKS = N_("You are welcome.")
FEELING_LOW = N_(
    "I am sorry you feel like this. You can talk to a person here, "
    "or call Samaritans on 116 123, day and night."
)
IS_THIS_YOUR_LANGUAGE = N_("Hello. Is this your language?")
OTHER_LANGUAGES = N_("Other languages")
DID_YOU_MEAN = N_("Did you mean one of these?")
NOT_WHAT_I_MEANT = N_("Not what I meant")
NOT_UNDERSTOOD = N_("Sorry, I did not understand. Please choose a button, or talk to a person.")
EMPTY_TEXT = N_("I did not get any words. Please try again.")
TOO_LONG = N_("That message is too long for me. Please send it in shorter parts.")
SLOW_DOWN = N_(
    "You are sending messages very fast, so I will pause for a few seconds. "
    "If you are in danger, call 999."
)
UNKNOWN_COMMAND = N_("I do not know that command.")
LOCATION_NOT_ASKED = N_("Thank you. I did not ask for a place, so I have not saved it.")
LOCATION_EXPECTED = N_("Please share your location, or use the buttons.")
UNSUPPORTED = N_("I can only read text and buttons. I have not kept what you sent.")
NOT_TRANSLATED = N_("Some of this is only in English for now.")
MENU_BUTTON = N_("⬅️ Menu")
HUMAN_BUTTON = N_("🙋 Talk to a person")
QUICK_EXIT_LINE = N_("OK")
SOMETHING_WRONG = N_(
    "Sorry, something went wrong on our side. Please try again. If you are in danger, call 999."
)
SENT_TO_CASEWORKER = N_("Sent to your caseworker.")
ADDED_TO_REQUEST = N_("I have added this to your request. The team will read it.")
NEW_MESSAGE = N_("You have a new message.")
SHOW_MESSAGE = N_("Show")
END_CONVERSATION = N_("End the conversation")
FROM_CASEWORKER = N_("From your caseworker:")
CASE_CLAIMED = N_(
    "A caseworker is now looking after your request. What you write here goes to them."
)
CASE_CLOSED = N_("Your caseworker has closed this conversation. The menu is back: send /menu.")
YOU_ENDED = N_("You have ended the conversation. The menu is back: send /menu.")
PRIVATE_CHATS_ONLY = N_("I only talk in private chats. Please write to me directly.")

# Shown in Telegram's command menu, one line each.
COMMAND_DESCRIPTIONS = {
    "start": N_("Start again"),
    "menu": N_("Main menu"),
    "help": N_("Who to call for help now"),
    "human": N_("Talk to a person"),
    "reminders": N_("Reminders for appointments and reporting"),
    "language": N_("Change language"),
    "exit": N_("Quick exit: clear this chat"),
    "mydata": N_("See what I keep about you"),
    "forget": N_("Delete everything I keep about you"),
}
KEPT_WHAT_YOU_WROTE = N_("I have kept what you wrote.")
