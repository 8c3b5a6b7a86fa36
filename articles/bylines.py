"""How a newspaper prints a list of names: "A", "A and B", "A, B and C" (no serial comma)."""


def join_names(names):
    names = [name for name in names if name]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


def byline_line(names):
    """ "By Babak Dehghanpisheh", "By A and B", "By A, B and C"."""
    joined = join_names(names)
    return f"By {joined}" if joined else ""


def contributors_line(names):
    """ "Ahmed Ramadan and Suzan Haidamous contributed to this report." """
    joined = join_names(names)
    return f"{joined} contributed to this report." if joined else ""
