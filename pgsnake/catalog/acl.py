"""Access control lists and role membership: who holds which privilege on an object.

An ACL is a list of datatypes.aclitem.AclItem (grantee, grantor, privs, goptions); a NULL
ACL column means the object's default ACL (acldefault). Privileges are computed as
PostgreSQL's aclmask does: a role holds what is granted to it, to PUBLIC, and to every
role whose privileges it has (membership through pg_auth_members, followed only through
roles with rolinherit); the owner (and every role with the owner's privileges) also
holds every grant option. Superusers bypass ACLs, but that test is the caller's (the
*_aclmask functions of PostgreSQL check superuser() first; so does object_privileges()).

Entry points:
    default_acl(kind, owner)                     acldefault
    acl_mask(acl, role, owner, mask, how_any)    aclmask, masks in PostgreSQL's combined
                                                 form: privileges | grant options << 16
    has_privs_of_role(member, role)              privileges of `role` are usable by member
    is_member_of_role(member, role)              membership, inherit or not (SET ROLE)
    is_admin_of_role(member, role)               WITH ADMIN OPTION somewhere on the path
    roles_with_privileges_of(member)             every role whose privileges member has
    is_superuser(role)
    acl_update(acl, item, grant, behavior)       aclupdate: one GRANT or REVOKE step
    acl_new_owner(acl, old, new)                 aclnewowner (ALTER ... OWNER TO)
    acl_or_default(acl, kind, owner)
    install_io()                                 aclitem text I/O with role names

PostgreSQL: utils/adt/acl.c (acldefault, aclmask, aclupdate, aclnewowner,
roles_is_member_of, has_privs_of_role, is_member_of_role, is_admin_of_role),
include/utils/acl.h (ACL_ALL_RIGHTS_*).
"""
from __future__ import annotations

from pgsnake.catalog import catalog_cache as cc
from pgsnake.catalog import invalidation
from pgsnake.datatypes import aclitem as ai
from pgsnake.datatypes.aclitem import AclItem
from pgsnake.utils import process_state
from pgsnake.utils.errors import PgError

PUBLIC = ai.PUBLIC
GOPTION_SHIFT = 16
PG_DATABASE_OWNER = 6171

# acldefault's object kinds (its one-letter codes) and what each kind can be granted.
ALL_RIGHTS = {
    "column": "arwx", "relation": "arwdDxt", "sequence": "rwU", "database": "CTc",
    "function": "X", "language": "U", "large object": "rw", "schema": "UC",
    "tablespace": "C", "foreign data wrapper": "U", "foreign server": "U", "type": "U",
    "parameter": "sA",
}
KIND_CODES = {"c": "column", "r": "relation", "s": "sequence", "d": "database",
              "f": "function", "l": "language", "L": "large object", "n": "schema",
              "t": "tablespace", "F": "foreign data wrapper", "S": "foreign server",
              "T": "type", "p": "parameter"}
# What PUBLIC holds by default (everything else: only the owner).
_PUBLIC_DEFAULT = {"database": "Tc", "function": "X", "language": "U", "type": "U"}


def letters_mask(letters: str) -> int:
    mask = 0
    for c in letters:
        mask |= ai.BIT[c]
    return mask


def all_rights(kind: str) -> int:
    return letters_mask(ALL_RIGHTS[kind])


def combined(item: AclItem) -> int:
    return item.privs | (item.goptions << GOPTION_SHIFT)


def default_acl(kind: str, owner: int) -> list[AclItem]:
    """acldefault: PUBLIC's entry first (if any), then the owner's, without grant options
    (the owner's are implied, see acl_mask)."""
    acl = []
    public = _PUBLIC_DEFAULT.get(kind, "")
    if public:
        acl.append(AclItem(PUBLIC, owner, letters_mask(public), 0))
    if kind != "column":
        acl.append(AclItem(owner, owner, all_rights(kind), 0))
    return acl


def acl_or_default(acl, kind: str, owner: int) -> list[AclItem]:
    return default_acl(kind, owner) if acl is None else list(acl)


# ---- role membership -------------------------------------------------------------------

_members_of: dict[int, list[tuple[int, bool]]] | None = None   # member -> [(role, admin)]
_closure: dict[tuple[int, bool], frozenset[int]] = {}


def _reset() -> None:
    global _members_of
    _members_of = None
    _closure.clear()


invalidation.add_cache_reset(_reset, (1260, 1261, 1262))  # pg_authid, pg_auth_members, pg_database


def _memberships() -> dict[int, list[tuple[int, bool]]]:
    global _members_of
    if _members_of is None:
        table: dict[int, list[tuple[int, bool]]] = {}
        for row in cc.scan_catalog("pg_auth_members"):
            table.setdefault(row.member, []).append((row.roleid, bool(row.admin_option)))
        _members_of = table
    return _members_of


def _database_owner() -> int | None:
    if not process_state.database_oid:
        return None
    row = next((r for r in cc.scan_catalog("pg_database")
                if r.oid == process_state.database_oid), None)
    return row.datdba if row is not None else None


def _roles_of(member: int, privileges_only: bool) -> frozenset[int]:
    """roles_is_member_of: member itself and every role it belongs to, directly or not;
    for privileges, membership is not followed out of a role without rolinherit. The owner
    of the current database is an implicit member of pg_database_owner."""
    key = (member, privileges_only)
    found = _closure.get(key)
    if found is not None:
        return found
    table = _memberships()
    owner = _database_owner()
    seen = [member]
    i = 0
    while i < len(seen):
        role = seen[i]
        i += 1
        if privileges_only:
            row = cc.role_row(role)
            if row is not None and not row.rolinherit:
                continue
        parents = [r for r, _admin in table.get(role, ())]
        if role == owner:
            parents.append(PG_DATABASE_OWNER)
        for parent in parents:
            if parent not in seen:
                seen.append(parent)
    found = frozenset(seen)
    _closure[key] = found
    return found


def is_superuser(role: int) -> bool:
    row = cc.role_row(role)
    return row is not None and bool(row.rolsuper)


def roles_with_privileges_of(member: int) -> frozenset[int]:
    return _roles_of(member, True)


def has_privs_of_role(member: int, role: int) -> bool:
    if member == role or is_superuser(member):
        return True
    return role in _roles_of(member, True)


def is_member_of_role(member: int, role: int) -> bool:
    if member == role or is_superuser(member):
        return True
    return role in _roles_of(member, False)


def is_member_of_role_nosuper(member: int, role: int) -> bool:
    return member == role or role in _roles_of(member, False)


def is_admin_of_role(member: int, role: int) -> bool:
    """Does member hold ADMIN OPTION on role, directly or through a role it is a member
    of? A role is not its own admin (the oracle, PostgreSQL 15.x, refuses GRANT of a
    role by itself)."""
    if is_superuser(member):
        return True
    table = _memberships()
    for via in _roles_of(member, False):
        if any(r == role and admin for r, admin in table.get(via, ())):
            return True
    return False


# ---- privileges --------------------------------------------------------------------------

def acl_mask(acl, role: int, owner: int, mask: int, how_any: bool = False) -> int:
    """aclmask: the bits of `mask` (privileges | grant options << 16) that `role` holds."""
    result = 0
    goption_bits = mask & ~0xFFFF
    if goption_bits and has_privs_of_role(role, owner):
        result = goption_bits
        if how_any and result:
            return result
    for item in acl:
        if item.grantee == PUBLIC or item.grantee == role:
            result |= combined(item) & mask
            if (result == mask) or (how_any and result):
                return result
    for item in acl:
        if item.grantee == PUBLIC or item.grantee == role:
            continue
        if (combined(item) & mask & ~result) and has_privs_of_role(role, item.grantee):
            result |= combined(item) & mask
            if (result == mask) or (how_any and result):
                return result
    return result


# ---- changing an ACL ----------------------------------------------------------------------

def _dependent_privileges_error() -> PgError:
    return PgError("2BP01", "dependent privileges exist",
                   hint="Use CASCADE to revoke them too.")


def acl_update(acl: list[AclItem], item: AclItem, grant: bool, cascade: bool,
               owner: int) -> list[AclItem]:
    """aclupdate: add (GRANT) or remove (REVOKE) item's privileges and grant options for
    (grantee, grantor). Revoking a grant option that others were given with it removes
    their privileges too with CASCADE, else fails with 2BP01."""
    acl = list(acl)
    index = next((i for i, a in enumerate(acl)
                  if a.grantee == item.grantee and a.grantor == item.grantor), None)
    if index is None:
        if not grant:
            return acl
        acl.append(AclItem(item.grantee, item.grantor, 0, 0))
        index = len(acl) - 1
    old = acl[index]
    if grant:
        new = AclItem(old.grantee, old.grantor, old.privs | item.privs,
                      old.goptions | item.goptions)
    else:
        # REVOKE GRANT OPTION FOR gives privs 0 and the options to drop in goptions.
        goptions = old.goptions & ~(item.goptions | item.privs)
        new = AclItem(old.grantee, old.grantor, old.privs & ~item.privs, goptions)
    lost_options = old.goptions & ~new.goptions
    acl[index] = new
    if new.privs == 0 and new.goptions == 0:
        del acl[index]
    if lost_options and new.grantee != PUBLIC:
        acl = _recursive_revoke(acl, new.grantee, lost_options, cascade, owner)
    return acl


def _recursive_revoke(acl: list[AclItem], grantee: int, options: int, cascade: bool,
                      owner: int) -> list[AclItem]:
    """recursive_revoke: the grantee lost grant options; if it no longer holds them from
    anyone else, whatever it granted with them goes too."""
    if grantee == owner:
        return acl
    still = acl_mask(acl, grantee, owner, options << GOPTION_SHIFT) >> GOPTION_SHIFT
    options &= ~still
    if not options:
        return acl
    for given in list(acl):
        if given.grantor != grantee or not (given.privs & options):
            continue
        if not cascade:
            raise _dependent_privileges_error()
        acl = acl_update(acl, AclItem(given.grantee, grantee, options, options), False,
                         cascade, owner)
    return acl


def acl_new_owner(acl: list[AclItem], old_owner: int, new_owner: int) -> list[AclItem]:
    """aclnewowner: every reference to the old owner, as grantee or grantor, becomes the
    new owner; entries that then coincide are merged."""
    out: list[AclItem] = []
    for item in acl:
        grantee = new_owner if item.grantee == old_owner else item.grantee
        grantor = new_owner if item.grantor == old_owner else item.grantor
        for i, existing in enumerate(out):
            if existing.grantee == grantee and existing.grantor == grantor:
                out[i] = AclItem(grantee, grantor, existing.privs | item.privs,
                                 existing.goptions | item.goptions)
                break
        else:
            out.append(AclItem(grantee, grantor, item.privs, item.goptions))
    return out


# ---- aclitem text I/O with names --------------------------------------------------------

def role_oid_or_error(name: str) -> int:
    row = cc.lookup_role(name)
    if row is None:
        raise PgError("42704", f'role "{name}" does not exist')
    return row.oid


def _warn(message: str) -> None:
    from pgsnake.utils import notices
    notices.emit("01000", message, severity="WARNING")


def install_io() -> None:
    from pgsnake.datatypes import registry
    registry.override_io(
        ai.ACLITEM,
        lambda text, typmod=-1: ai.parse_aclitem(text, role_oid_or_error, _warn),
        lambda value: ai.format_aclitem(value, cc.role_name))
