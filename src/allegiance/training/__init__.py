"""The coder's training corpus and the command that turns it into the shipped models.

``corpus/`` holds sentences written for this project in news style about real, documented
events, each annotated with its trigger, source and target spans, PLOVER type, CAMEO code and
modality (``DATASHEET.md`` says how they were written and what they lean towards).
``corpus.py`` reads and checks them; ``train.py`` builds ``nlp/models/`` from them
(``allegiance train``).
"""
