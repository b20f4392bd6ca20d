// SPDX-License-Identifier: Apache-2.0
package dev.velos.config;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import com.cronutils.model.Cron;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.And;
import com.cronutils.model.field.expression.Between;
import com.cronutils.model.field.expression.Every;
import com.cronutils.model.field.expression.FieldExpression;
import com.cronutils.model.field.expression.On;
import com.cronutils.model.field.expression.QuestionMark;
import com.cronutils.model.field.value.FieldValue;

import dev.velos.model.CronRules;

/**
 * A cron expression as systemd {@code OnCalendar=} values (systemd.time(7)). The expression is
 * parsed by the project's one cron grammar ({@link CronRules}) and each field is mapped to
 * systemd's {@code DOW YYYY-MM-DD HH:MM:SS} form: {@code *} stays, values and lists stay,
 * {@code a-b} becomes {@code a..b}, {@code *}{@code /n} becomes {@code start/n}, a stepped range is
 * written out as its list. Cron's one rule systemd lacks, "day of month OR day of week when both
 * are restricted", becomes two {@code OnCalendar=} lines (a timer fires on either).
 */
final class SystemdCalendar {
    private static final String[] DAY_NAMES = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

    private SystemdCalendar() {
    }

    /** What a cron expression became: the OnCalendar values, or why it could not map. */
    record Result(List<String> onCalendar, String problem) {
        Result {
            onCalendar = List.copyOf(onCalendar);
        }

        boolean mapped() {
            return problem.isEmpty();
        }
    }

    /** {@code expression} (already valid: the file was checked) as OnCalendar values. */
    static Result of(String expression) {
        Cron cron = CronRules.parse(expression);
        try {
            String minute = field(cron, CronFieldName.MINUTE, 0, 59);
            String hour = field(cron, CronFieldName.HOUR, 0, 23);
            String dom = field(cron, CronFieldName.DAY_OF_MONTH, 1, 31);
            String month = field(cron, CronFieldName.MONTH, 1, 12);
            String dow = daysOfWeek(cron.retrieve(CronFieldName.DAY_OF_WEEK).getExpression());
            String time = " " + hour + ":" + minute + ":00";
            List<String> out = new ArrayList<>();
            if (!dom.equals("*") && !dow.isEmpty()) {
                out.add("*-" + month + "-" + dom + time);
                out.add(dow + " *-" + month + "-*" + time);
            } else {
                out.add((dow.isEmpty() ? "" : dow + " ") + "*-" + month + "-" + dom + time);
            }
            return new Result(out, "");
        } catch (IllegalArgumentException e) {
            return new Result(List.of(), "cron '" + expression + "' has no systemd calendar form: " + e.getMessage());
        }
    }

    private static String field(Cron cron, CronFieldName name, int min, int max) {
        return numbers(cron.retrieve(name).getExpression(), min, max);
    }

    private static String numbers(FieldExpression e, int min, int max) {
        return switch (e) {
            case Always a -> "*";
            case QuestionMark q -> "*";
            case On on -> Integer.toString(value(on));
            case Between b -> value(b.getFrom()) + ".." + value(b.getTo());
            case Every every -> every.getExpression() instanceof Between
                    ? String.join(",", every(every, min, max).stream().map(String::valueOf).toList())
                    : start(every, min) + "/" + every.getPeriod().getValue();
            case And and -> {
                StringJoiner list = new StringJoiner(",");
                and.getExpressions().forEach(x -> list.add(numbers(x, min, max)));
                yield list.toString();
            }
            default -> throw new IllegalArgumentException("unsupported field '" + e.asString() + "'");
        };
    }

    /** The first value of a step: the field's minimum for "every n", else the value it starts at. */
    private static int start(Every every, int min) {
        return every.getExpression() instanceof On on ? value(on) : min;
    }

    /** Every value a stepped expression takes, in order. */
    private static List<Integer> every(Every every, int min, int max) {
        int from = min;
        int to = max;
        switch (every.getExpression()) {
            case Always a -> { }
            case On on -> from = value(on);
            case Between b -> {
                from = value(b.getFrom());
                to = value(b.getTo());
            }
            default -> throw new IllegalArgumentException("unsupported step '" + every.asString() + "'");
        }
        List<Integer> values = new ArrayList<>();
        for (int v = from; v <= to; v += every.getPeriod().getValue()) {
            values.add(v);
        }
        return values;
    }

    /** Day-of-week names ({@code Mon..Fri}, {@code Sat,Sun}); "" for every day. */
    private static String daysOfWeek(FieldExpression e) {
        return switch (e) {
            case Always a -> "";
            case QuestionMark q -> "";
            case On on -> DAY_NAMES[value(on)];
            case Between b -> value(b.getFrom()) == 0 && value(b.getTo()) == 7 ? ""
                    : value(b.getTo()) == 7 && value(b.getFrom()) > 0 ? DAY_NAMES[value(b.getFrom())] + "..Sat,Sun"
                    : DAY_NAMES[value(b.getFrom())] + ".." + DAY_NAMES[value(b.getTo())];
            case Every every -> {
                StringJoiner list = new StringJoiner(",");
                every(every, 0, 6).forEach(d -> list.add(DAY_NAMES[d]));
                yield list.toString();
            }
            case And and -> {
                StringJoiner list = new StringJoiner(",");
                and.getExpressions().forEach(x -> list.add(daysOfWeek(x).isEmpty() ? "Mon..Sun" : daysOfWeek(x)));
                yield list.toString();
            }
            default -> throw new IllegalArgumentException("unsupported day of week '" + e.asString() + "'");
        };
    }

    private static int value(On on) {
        if (on.getSpecialChar() != null && on.getSpecialChar().getValue() != null
                && !on.getSpecialChar().getValue().name().equals("NONE")) {
            throw new IllegalArgumentException("unsupported special character in '" + on.asString() + "'");
        }
        return on.getTime().getValue();
    }

    private static int value(FieldValue<?> v) {
        if (v.getValue() instanceof Integer i) {
            return i;
        }
        throw new IllegalArgumentException("unsupported value '" + v.getValue() + "'");
    }
}
