"""The numbers of each beat: one pure function per beat, (network, digit, choices) -> a typed record.

Only numbers live here. The words, formulas and steps a viewer sees are
added by ``storyboard``, whose registry lists the beats.
"""
