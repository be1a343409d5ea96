import Contracts
import Foundation
import ReportsAPI
import SwiftProtobuf

// The reports service's protobuf messages as the document's schemas (Components.Schemas of ReportsAPI), both ways
// for the query (a request in JSON, and the saved definition in a response).

extension Components.Schemas.ReportField {
    init(_ field: Metrology_Reports_V1_ReportField) {
        self.init(
            code: field.code, title: field.title, _type: _TypePayload(rawValue: field.type) ?? .text, group: field.group,
            options: field.options.map { .init(value: $0.value, title: $0.title) })
    }
}

extension Components.Schemas.StatisticsQuery {
    init(_ query: Metrology_Reports_V1_StatisticsQuery) {
        self.init(
            columns: query.columns,
            filters: query.filters.map { .init(field: $0.field, op: $0.op, values: $0.values) },
            groupBy: query.groupBy,
            sort: query.sort.map { .init(field: $0.field, descending: $0.descending) },
            pageSize: query.pageSize == 0 ? nil : query.pageSize, cursor: query.cursor.isEmpty ? nil : query.cursor)
    }

    var message: Metrology_Reports_V1_StatisticsQuery {
        var query = Metrology_Reports_V1_StatisticsQuery()
        query.columns = columns ?? []
        query.filters = (filters ?? []).map { filter in
            var message = Metrology_Reports_V1_Filter()
            message.field = filter.field
            message.op = filter.op
            message.values = filter.values ?? []
            return message
        }
        query.groupBy = groupBy ?? []
        query.sort = (sort ?? []).map { key in
            var message = Metrology_Reports_V1_SortKey()
            message.field = key.field
            message.descending = key.descending ?? false
            return message
        }
        query.pageSize = pageSize ?? 0
        query.cursor = cursor ?? ""
        return query
    }
}

extension Components.Schemas.StatisticsPage {
    init(_ page: Metrology_Reports_V1_StatisticsPage) {
        self.init(
            columns: page.columns.map(Components.Schemas.ReportField.init),
            rows: page.rows.map { row in
                page.grouped
                    ? .init(values: row.values, count: row.count, passed: row.passed, failed: row.failed, passRate: row.passRate)
                    : .init(values: row.values, taskId: row.taskID, certificateNumber: row.certificateNumber)
            },
            total: page.total, nextCursor: page.nextCursor, grouped: page.grouped)
    }
}

extension Components.Schemas.SavedReport {
    init(_ report: Metrology_Reports_V1_SavedReport) {
        self.init(
            id: report.id, name: report.name, definition: .init(report.definition), createdAt: report.createdAt.date,
            updatedAt: report.updatedAt.date)
    }
}

extension Components.Schemas.ReadModelStatus {
    init(_ status: Metrology_Reports_V1_ReadModelStatus) {
        self.init(
            state: status.state, rows: status.rows, lagEvents: status.lagEvents,
            producers: status.producers.map {
                .init(
                    producer: $0.producer, latestPosition: $0.latestPosition, pendingEvents: $0.pendingEvents,
                    checkedAt: $0.hasCheckedAt ? $0.checkedAt.date : nil)
            },
            rebuiltAt: status.hasRebuiltAt ? status.rebuiltAt.date : nil,
            rebuildProducer: status.rebuildProducer.isEmpty ? nil : status.rebuildProducer,
            rebuildPosition: status.state == "rebuilding" ? status.rebuildPosition : nil)
    }
}
