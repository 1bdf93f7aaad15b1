/**
 * Where Graph's "X.ReadWrite.Y covers X.Read.Y" convention does not hold,
 * and what covers the permission instead (lower-case, as compared).
 *
 * GroupMember.ReadWrite.All is not among the permissions List groups and Get
 * group accept; their tables name GroupMember.Read.All and, higher,
 * Group.Read.All, Group.ReadWrite.All, Directory.Read.All and
 * Directory.ReadWrite.All. A token carrying only GroupMember.ReadWrite.All
 * cannot find a group by name:
 * https://learn.microsoft.com/graph/api/group-list?view=graph-rest-1.0
 * https://learn.microsoft.com/graph/api/group-get?view=graph-rest-1.0
 */
export const COVERED_ONLY_BY: Readonly<Record<string, readonly string[]>> = {
  'groupmember.read.all': ['group.read.all', 'group.readwrite.all', 'directory.read.all', 'directory.readwrite.all'],
};
