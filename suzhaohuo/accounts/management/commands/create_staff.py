import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from suzhaohuo.accounts.choices import STAFF_ROLES
from suzhaohuo.accounts.services import staff_create
from suzhaohuo.core.errors import AppError


class Command(BaseCommand):
    stealth_options = ("stdin",)
    help = "Create a staff account: create_staff USERNAME --role ROLE --scope REGION_CODE [--password-stdin]"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(str(r) for r in STAFF_ROLES))
        parser.add_argument("--scope", default="", help="Region code of the scope (city, county or township); "
                                                         "not needed for admin.")
        parser.add_argument("--name", default="", help="Display name")
        parser.add_argument("--organization", default="")
        parser.add_argument("--password-stdin", action="store_true", help="Read the password from standard input.")

    def handle(self, *args, **opts):
        if opts["password_stdin"]:
            password = (opts.get("stdin") or sys.stdin).readline().rstrip("\n")
        else:
            password = getpass.getpass("密码: ")
            if password != getpass.getpass("再次输入密码: "):
                raise CommandError("两次输入的密码不一致。")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        try:
            user = staff_create(actor=None, username=opts["username"], password=password, role=opts["role"],
                                scope_region_code=opts["scope"] or None, display_name=opts["name"],
                                organization=opts["organization"])
        except AppError as exc:
            raise CommandError(exc.message) from exc
        scope = user.scope_region.name if user.scope_region else "全部"
        self.stdout.write(self.style.SUCCESS(f"已创建 {user.username}（{user.get_role_display()}，管辖范围：{scope}）"))
