import { HEAD_ROLES } from "../../models/lm/headRoles";
import type { LmMetrics } from "../../models/lm/metrics";
import { useT } from "../app/i18n";

/**
 * Every head's score for every role measured on held-out text (rows: layer and head; columns: roles), the
 * head's label in bold. Roles that no held-out query qualified for (no parts of speech in poems) are left out.
 */
export function RoleTable({ metrics }: { metrics: LmMetrics }) {
  const t = useT();
  const heads = metrics.heads.flat();
  const roles = HEAD_ROLES.filter((role) => heads.some((h) => typeof h.scores[role] === "number"));
  if (roles.length === 0) return null;
  return (
    <details className="ap-role-table" data-testid="lm-role-table">
      <summary>{t("lm.roleTable")}</summary>
      {/* Focusable, so that a keyboard can scroll it where the table is wider than the screen. */}
      <div tabIndex={0} role="region" aria-label={t("lm.roleTable")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("lm.roleTableHead")}</th>
              {roles.map((role) => (
                <th key={role} scope="col">
                  {t(`role.${role}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {heads.map((h) => (
              <tr key={`${h.layer}-${h.head}`}>
                <th scope="row">{t("lm.roleTableRow", { layer: h.layer + 1, head: h.head + 1 })}</th>
                {roles.map((role) => {
                  const score = h.scores[role];
                  const text = typeof score === "number" ? score.toFixed(2) : "–";
                  return <td key={role}>{role === h.role ? <strong>{text}</strong> : text}</td>;
                })}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("lm.roleChance")}</th>
              {roles.map((role) => {
                const score = metrics.chance[role];
                return <td key={role}>{typeof score === "number" ? score.toFixed(2) : "–"}</td>;
              })}
            </tr>
          </tfoot>
        </table>
      </div>
    </details>
  );
}
