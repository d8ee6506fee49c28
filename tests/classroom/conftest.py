"""The classroom tests' session course (see classroom_cases)."""

import pytest

from classroom_cases import make_course


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    pytest.importorskip("nbgrader", reason="the classroom extra: pip install -e '.[test,classroom]'")
    return make_course(tmp_path_factory.mktemp("course"))
