"""The web console (`waypost admin`): flows and translations edited safely, cases seen."""
