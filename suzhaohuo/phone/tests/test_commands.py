import pytest

from suzhaohuo.phone.commands import Cmd, parse


@pytest.mark.parametrize("text,kind,arg", [
    ("找活", Cmd.FIND, ""), (" 找活  保洁 ", Cmd.FIND, "保洁"), ("找工作搬运", Cmd.FIND, "搬运"), ("1", Cmd.FIND, ""),
    ("更多", Cmd.MORE, ""), ("２", Cmd.MORE, ""),
    ("报名 2", Cmd.APPLY, "2"), ("报名２", Cmd.APPLY, "2"), ("報名 3", Cmd.APPLY, "3"), ("BM1", Cmd.APPLY, "1"),
    ("同意", Cmd.AGREE, ""), ("到岗 123456", Cmd.CHECKIN, "123456"), ("到崗１２３４５６", Cmd.CHECKIN, "123456"),
    ("签到 654321", Cmd.CHECKIN, "654321"), ("完工", Cmd.DONE, ""), ("工钱", Cmd.PAY, ""), ("工錢", Cmd.PAY, ""),
    ("签约", Cmd.SIGN, ""), ("签约 888888", Cmd.SIGN, "888888"), ("退订", Cmd.STOP, ""), ("TD", Cmd.STOP, ""),
    ("订阅", Cmd.START, ""), ("帮助", Cmd.HELP, ""), ("？", Cmd.HELP, ""), ("0", Cmd.HELP, ""),
    ("你好，有活吗", Cmd.UNKNOWN, "你好 有活吗"), ("", Cmd.UNKNOWN, ""), ("完工了吗谁知道", Cmd.UNKNOWN, "完工了吗谁知道"),
])
def test_parse(text: str, kind: Cmd, arg: str) -> None:
    cmd = parse(text)
    assert (cmd.kind, cmd.arg) == (kind, arg)
